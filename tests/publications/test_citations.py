"""RIS and CSL-JSON read back: every tag and variable where a reference manager looks for it,
authors in order, "et al." for an incomplete list, the date, DOI and address, and the item
type of each kind of publication."""

import datetime
import json
import re
from pathlib import Path

import citeproc
import pytest
from citeproc.source.json import CiteProcJSON

from publications.citations import csl_item, csl_json, ris, split_name
from publications.models import PublicationKind
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

# The CSL specification as citeproc-py ships it: the item types and variable names it allows.
CSL_SCHEMA = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"


def quoted_names(rnc: str) -> set[str]:
    return set(re.findall(r'"([^"]+)"', (CSL_SCHEMA / rnc).read_text()))


CSL_TYPES = quoted_names("csl-types.rnc")
CSL_VARIABLES = quoted_names("csl-variables.rnc")
NAME_PARTS = {"family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle"}


def assert_valid_csl(item: dict):
    """`item` as CSL-JSON allows it: a known type, known variables of the right shape."""
    assert item["type"] in CSL_TYPES
    assert isinstance(item["id"], str) and item["id"]
    for variable, value in item.items():
        if variable in ("id", "type"):
            continue
        assert variable in CSL_VARIABLES, variable
        if variable in ("author", "editor"):
            assert value and all(set(name) <= NAME_PARTS and name for name in value)
        elif variable == "issued":
            (parts,) = value["date-parts"]
            assert 1 <= len(parts) <= 3 and all(isinstance(part, int) for part in parts)
        else:
            assert isinstance(value, str) and value


def read_ris(text: str) -> list[list[tuple[str, str]]]:
    """A RIS reader: records of (tag, value), each line `TAG  - value`, records ended by ER."""
    records, record = [], []
    for line in text.split("\r\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        record.append((tag, value))
        if tag == "ER":
            records.append(record)
            record = []
    assert not record, "a record without ER"
    return records


def values(record, tag) -> list[str]:
    return [value for found, value in record if found == tag]


@pytest.fixture
def paper():
    return PublicationFactory(
        title=r"Loss Smoothing at \(7\times\) the Speed",
        kind=PublicationKind.CONFERENCE_PAPER,
        venue="Conférence fictive sur l’apprentissage",
        year=2024,
        publication_date=datetime.date(2024, 3, 5),
        doi="10.1234/loss",
        url="https://example.org/loss",
        abstract="Un résumé\nsur deux lignes.",
        authors=["Razvan Pascanu", "Clare Lyle", "Ada de la Cruz"],
    )


def test_csl_json_reads_back(paper):
    (item,) = json.loads(csl_json([paper]))

    assert_valid_csl(item)
    assert item["type"] == "paper-conference"
    assert item["author"] == [
        {"family": "Pascanu", "given": "Razvan"},
        {"family": "Lyle", "given": "Clare"},
        {"family": "de la Cruz", "given": "Ada"},
    ]
    assert item["title"] == r"Loss Smoothing at \(7\times\) the Speed"
    assert item["container-title"] == "Conférence fictive sur l’apprentissage"
    assert item["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert item["DOI"] == "10.1234/loss"
    assert item["URL"] == "https://example.org/loss"
    # citeproc-py, a CSL processor, reads it as the same reference.
    reference = CiteProcJSON([item])[paper.slug]
    assert [name.family for name in reference.author] == ["Pascanu", "Lyle", "de la Cruz"]
    assert reference.issued.year == 2024 and reference.issued.month == 3


def test_ris_reads_back(paper):
    (record,) = read_ris(ris([paper]))

    assert record[0] == ("TY", "CONF") and record[-1] == ("ER", "")
    assert values(record, "AU") == ["Pascanu, Razvan", "Lyle, Clare", "de la Cruz, Ada"]
    assert values(record, "TI") == [r"Loss Smoothing at \(7\times\) the Speed"]
    assert values(record, "T2") == ["Conférence fictive sur l’apprentissage"]
    assert values(record, "PY") == ["2024"]
    assert values(record, "DA") == ["2024/03/05"]
    assert values(record, "DO") == ["10.1234/loss"]
    assert values(record, "UR") == ["https://example.org/loss"]
    assert values(record, "AB") == ["Un résumé sur deux lignes."]


def test_an_incomplete_author_list_ends_with_et_al():
    publication = PublicationFactory(authors=["Razvan Pascanu"], authors_complete=False)

    assert csl_item(publication)["author"] == [
        {"family": "Pascanu", "given": "Razvan"},
        {"literal": "et al."},
    ]
    (record,) = read_ris(ris([publication]))
    assert values(record, "AU") == ["Pascanu, Razvan", "et al."]
    assert csl_item(publication, et_al=False)["author"] == [
        {"family": "Pascanu", "given": "Razvan"}
    ]


def test_the_year_alone_when_the_day_is_unknown():
    publication = PublicationFactory(year=2019, publication_date=None)

    assert csl_item(publication)["issued"] == {"date-parts": [[2019]]}
    (record,) = read_ris(ris([publication]))
    assert values(record, "PY") == ["2019"] and values(record, "DA") == []


def test_no_date_and_no_authors_leave_the_variables_out():
    publication = PublicationFactory(year=None, venue="")
    item = csl_item(publication)

    assert "issued" not in item and "author" not in item and "container-title" not in item
    assert_valid_csl(item)


@pytest.mark.parametrize(
    ("kind", "csl_type", "ris_type", "venue_variable", "venue_tag"),
    [
        (PublicationKind.JOURNAL_ARTICLE, "article-journal", "JOUR", "container-title", "T2"),
        (PublicationKind.CONFERENCE_PAPER, "paper-conference", "CONF", "container-title", "T2"),
        (PublicationKind.PREPRINT, "article", "UNPB", "publisher", "PB"),
        (PublicationKind.BOOK, "book", "BOOK", "publisher", "PB"),
        (PublicationKind.BOOK_CHAPTER, "chapter", "CHAP", "container-title", "T2"),
        (PublicationKind.THESIS, "thesis", "THES", "publisher", "PB"),
        (PublicationKind.REPORT, "report", "RPRT", "publisher", "PB"),
        (PublicationKind.DATASET, "dataset", "DATA", "publisher", "PB"),
        (PublicationKind.SOFTWARE, "software", "COMP", "publisher", "PB"),
        (PublicationKind.OTHER, "document", "GEN", "container-title", "T2"),
    ],
)
def test_each_kind_has_its_type(kind, csl_type, ris_type, venue_variable, venue_tag):
    publication = PublicationFactory(kind=kind, venue="Lieu fictif", authors=["Ada Lovelace"])

    item = csl_item(publication)
    assert_valid_csl(item)
    assert item["type"] == csl_type
    assert item[venue_variable] == "Lieu fictif"
    (record,) = read_ris(ris([publication]))
    assert record[0] == ("TY", ris_type)
    assert values(record, venue_tag) == ["Lieu fictif"]


def test_an_arxiv_preprint_names_its_archive():
    publication = PublicationFactory(
        kind=PublicationKind.PREPRINT, venue="arXiv", arxiv_id="2401.01234", authors=["A B"]
    )

    item = csl_item(publication)
    assert_valid_csl(item)
    assert (item["type"], item["genre"]) == ("article", "Preprint")
    assert (item["archive"], item["archive_location"]) == ("arXiv", "arXiv:2401.01234")
    assert "publisher" not in item  # "arXiv" once, as the archive
    assert item["URL"] == "https://arxiv.org/abs/2401.01234"
    (record,) = read_ris(ris([publication]))
    assert values(record, "DB") == ["arXiv"]
    assert values(record, "AN") == ["arXiv:2401.01234"]
    assert values(record, "UR") == ["https://arxiv.org/abs/2401.01234"]


def test_a_title_cannot_break_the_ris_record():
    publication = PublicationFactory(title="Two\r\nlines\nER  - and a tag", authors=["A B"])

    (record,) = read_ris(ris([publication]))
    assert values(record, "TI") == ["Two lines ER - and a tag"]


def test_several_publications_keep_their_order():
    first, second = PublicationFactory(title="Premier"), PublicationFactory(title="Second")

    assert [item["title"] for item in json.loads(csl_json([second, first]))] == [
        "Second",
        "Premier",
    ]
    assert [values(r, "TI") for r in read_ris(ris([second, first]))] == [["Second"], ["Premier"]]


@pytest.mark.parametrize(
    ("written", "family", "given"),
    [
        ("Razvan Pascanu", "Pascanu", "Razvan"),
        ("Pascanu, Razvan", "Pascanu", "Razvan"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("Yutian Chen 0001", "Chen", "Yutian"),
        ("Plato", "Plato", ""),
    ],
)
def test_names_split_into_family_and_given(written, family, given):
    assert split_name(written) == (family, given)

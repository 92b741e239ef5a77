"""Whatever a title, an abstract, an author name or a venue holds, the exported BibTeX reads
back whole, entry by entry, in bibtexparser 1.x and in pybtex: braces balance within every
value and no character can end a field or an entry early."""

import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from publications.exports import bibtex
from publications.models import PublicationKind
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

# What BibTeX and LaTeX give a meaning to, among ordinary letters and odd Unicode.
SPECIALS = list("{}\\@%#$&_^~\"',=()[] \n\t") + ["\\{", "\\}", "$\\{$", "{@", "}@misc{x,"]
SPECIALS += [" and ", "and", "others", ",", "\\(", "\\)", "$$", "\\[", "\\]"]
text = st.lists(
    st.one_of(
        st.sampled_from(SPECIALS),
        st.text(
            # No NUL (PostgreSQL refuses it) and no surrogates (not UTF-8).
            st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
            max_size=8,
        ),
    ),
    max_size=30,
).map("".join)
titles = text.filter(lambda t: t.strip())
KINDS = [PublicationKind.JOURNAL_ARTICLE, PublicationKind.CONFERENCE_PAPER, PublicationKind.OTHER]
# Generous enough to run in a few seconds, on SQLite as on PostgreSQL.
ROUND_TRIP = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The commands the export writes for characters BibTeX would read as syntax.
ESCAPES = re.compile(r"\\(textbackslash|textbraceleft|textbraceright)")


def bibtexparser_entries(exported: str) -> list[dict]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(exported, parser).entries


def pybtex_entries(exported: str) -> list:
    return list(parse_string(exported, "bibtex").entries.values())


def letters(value: str) -> list[str]:
    """The letters and digits of a value as a reader sees them, escape commands left out."""
    return [char for char in ESCAPES.sub("", value) if char.isalnum()]


def export(records: list[dict]) -> tuple[str, list]:
    publications = [
        PublicationFactory(
            title=record["title"][:500],
            abstract=record["abstract"],
            venue=record["venue"][:300],
            url=record["address"][:500],
            kind=record["kind"],
            authors=[name[:200] for name in record["authors"] if name.strip()],
        )
        for record in records
    ]
    return bibtex(publications), publications


records = st.lists(
    st.fixed_dictionaries(
        {
            "title": titles,
            "abstract": text,
            "venue": text,
            "address": text,
            "kind": st.sampled_from(KINDS),
            "authors": st.lists(titles, max_size=3),
        }
    ),
    min_size=1,
    max_size=3,
)


@ROUND_TRIP
@given(records)
@example([{"title": "Le cas $\\{$", "abstract": "Un $\\{$ seul", "venue": "V", "address": "",
           "kind": KINDS[0], "authors": ["Ada {Fictive", "Dupont, Jean, fils, aîné"]}])  # fmt: skip
def test_any_text_exports_to_bibtex_both_parsers_read_back_whole(records):
    exported, publications = export(records)

    by_bibtexparser = bibtexparser_entries(exported)
    by_pybtex = pybtex_entries(exported)

    assert len(by_bibtexparser) == len(by_pybtex) == len(publications)
    for publication, first, second in zip(publications, by_bibtexparser, by_pybtex, strict=True):
        assert letters(first["title"]) == letters(publication.title)
        assert letters(second.fields["title"]) == letters(publication.title)
        assert letters(first.get("abstract", "")) == letters(publication.abstract)
        assert letters(second.fields.get("abstract", "")) == letters(publication.abstract)
        # Each author stays one author, and "and others" stands for the missing ones.
        authors = publication.authorships.count()
        others = 1 if authors and not publication.authors_complete else 0
        assert len(second.persons.get("author", [])) == authors + others


def test_an_abstract_with_an_escaped_brace_in_dollars_keeps_the_file_readable():
    # $\{$ is a formula whose \{ LaTeX reads as a brace, but BibTeX counts as an open brace.
    papers = [
        PublicationFactory(title="Avant", abstract="Rien de spécial."),
        PublicationFactory(title="Ensembles", abstract=r"L'ensemble $\{$ reste ouvert."),
        PublicationFactory(title="Après", abstract="Rien non plus."),
    ]

    exported = bibtex(papers)

    assert [e["title"] for e in bibtexparser_entries(exported)] == [
        "{Avant}",
        "{Ensembles}",
        "{Après}",
    ]
    assert len(pybtex_entries(exported)) == 3


def test_balanced_math_is_still_exported_as_written():
    paper = PublicationFactory(title=r"A \(x^{2}\) and $\{a\}$ bound", abstract=r"$\{x\}$")

    entry = bibtexparser_entries(bibtex([paper]))[0]

    assert entry["title"] == r"{A \(x^{2}\) and $\{a\}$ bound}"
    assert entry["abstract"] == r"$\{x\}$"

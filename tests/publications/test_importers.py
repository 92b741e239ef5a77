"""Reading publication files: BibTeX, DBLP person XML, OpenAlex and ORCID works JSON."""

from datetime import date
from pathlib import Path

import pytest

from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import UnreadableFile, guess_format, parse
from publications.models import Publication, PublicationKind
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"


def read(name: str, format: str):
    return parse((SAMPLES / name).read_bytes(), format=format)


def by_title(parsed, start: str) -> PublicationEntry:
    return next(entry for entry in parsed.entries if entry.title.startswith(start))


class TestBibtex:
    def test_accents_braces_and_emphasis_become_plain_text(self):
        parsed = read("accents-and-duplicates.bib", "bibtex")

        first = by_title(parsed, "Étude fictive")
        assert first.title == "Étude fictive des réseaux à mémoire courte"
        assert first.authors == ["Joséphine Lefèvre", "R. Muñoz", "Jürgen Götz"]
        preprint = by_title(parsed, "Apprentissage")
        assert preprint.title == "Apprentissage continu sans oubli-catastrophe"
        assert preprint.authors == ["Maëlle Schönberg", "Françoise Ngô"]
        assert by_title(parsed, "Thèse").authors == ["Françoise Ngô"]

    def test_malformed_entries_are_reported_and_the_others_read(self):
        parsed = read("accents-and-duplicates.bib", "bibtex")

        assert [entry.title for entry in parsed.entries] == [
            "Étude fictive des réseaux à mémoire courte",
            "Étude fictive des réseaux à mémoire courte",
            "Apprentissage continu sans oubli-catastrophe",
            "Thèse fictive sur la réception des données",
        ]
        assert parsed.errors == [
            ("@article{Broken2022} (line 22)", "unbalanced braces: a “{” or “}” is missing"),
            ("@article{Untitled2021} (line 45)", "the entry has no title"),
        ]

    def test_entry_types_and_arxiv_ids(self):
        parsed = read("accents-and-duplicates.bib", "bibtex")

        assert [entry.kind for entry in parsed.entries] == [
            PublicationKind.JOURNAL_ARTICLE,
            PublicationKind.CONFERENCE_PAPER,
            PublicationKind.PREPRINT,
            PublicationKind.THESIS,
        ]
        preprint = by_title(parsed, "Apprentissage")
        assert (preprint.arxiv_id, preprint.venue, preprint.year) == ("2401.99999", "arXiv", 2024)
        assert by_title(parsed, "Étude").doi == "10.5555/fictif.2023.001"

    def test_dblp_export_with_accents_math_and_corr_preprints(self):
        parsed = read("dblp-export-nutan-limaye-condensed.bib", "bibtex")

        assert (len(parsed.entries), parsed.errors) == (118, [])
        geometry = by_title(parsed, "On the geometry of")
        assert geometry.title == (
            "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?"
        )
        # dblp's CoRR entries are arXiv preprints: journal "CoRR", volume "abs/<id>".
        assert (geometry.kind, geometry.arxiv_id) == (PublicationKind.PREPRINT, "2408.03465")
        assert "Sébastien Tavenas" in by_title(parsed, "Superpolynomial Lower Bounds").authors
        hierarchy = by_title(parsed, "A Fixed-Depth Size-Hierarchy Theorem for \\(")
        assert hierarchy.title.startswith(
            "A Fixed-Depth Size-Hierarchy Theorem for \\(\\mathrm{AC}^0[\\oplus]\\) via"
        )

    def test_dblp_standard_export_with_doi_eprint_and_venues(self):
        parsed = read("dblp-export-jilin-hu-standard.bib", "bibtex")

        kinds = [entry.kind for entry in parsed.entries]
        assert (len(parsed.entries), kinds.count(PublicationKind.PREPRINT)) == (19, 8)
        ijcai = next(e for e in parsed.entries if e.doi == "10.24963/ijcai.2021/452")
        assert ijcai.kind == PublicationKind.CONFERENCE_PAPER
        assert ijcai.venue.startswith("Proceedings of the Thirtieth International Joint Conference")
        weakly = by_title(parsed, "Weakly-supervised Temporal Path")
        assert weakly.arxiv_id == "2203.16110"


class TestDblp:
    def test_person_record(self):
        parsed = read("person-23-7512-shuaiwen-song.xml", "dblp")

        assert (len(parsed.entries), parsed.errors) == (66, [])
        interconnect = parsed.entries[0]
        # dblp ends titles with a full stop the paper does not have.
        assert interconnect.title == (
            "Evaluating Modern GPU Interconnect: PCIe, NVLink, NV-SLI, NVSwitch and GPUDirect"
        )
        assert interconnect.doi == "10.1109/tpds.2019.2928289"
        assert interconnect.venue == "IEEE Trans. Parallel Distrib. Syst."
        # Kept as dblp writes it; the import drops the homonym number when storing.
        assert "Xu Liu 0001" in interconnect.authors

    def test_informal_records_are_preprints_with_their_arxiv_id(self):
        parsed = read("person-23-7512-shuaiwen-song.xml", "dblp")

        preprints = [e for e in parsed.entries if e.kind == PublicationKind.PREPRINT]
        assert len(preprints) == 6
        assert by_title(parsed, "OO-VR: NUMA Friendly").arxiv_id == "2001.03537"

    @pytest.mark.parametrize(
        "document",
        [
            b'<!DOCTYPE d [<!ENTITY a "aaaa">]><dblpperson><r/></dblpperson>',
            b'<!DOCTYPE dblpperson SYSTEM "file:///etc/passwd"><dblpperson/>',
        ],
    )
    def test_refuses_documents_with_a_dtd(self, document):
        with pytest.raises(UnreadableFile, match="DTD"):
            parse(document, format="dblp")

    def test_broken_xml_is_unreadable(self):
        with pytest.raises(UnreadableFile, match="not well-formed"):
            parse(b"<dblpperson><r><article>", format="dblp")


class TestOpenAlex:
    def test_single_work(self):
        (work,) = read("work-W3174427814-vector-quotient-filters.json", "openalex").entries

        assert work.title == "Vector Quotient Filters"
        assert work.doi == "10.1145/3448016.3452841"
        assert (work.year, work.publication_date) == (2021, date(2021, 6, 9))
        assert work.kind == PublicationKind.CONFERENCE_PAPER
        assert work.venue == (
            "Proceedings of the 2021 International Conference on Management of Data"
        )
        assert work.authors[:2] == ["Prashant Pandey", "Alex Conway"]
        assert "Martín Farach-Colton" in work.authors
        # Rebuilt word by word from abstract_inverted_index.
        assert work.abstract.startswith(
            "Today's filters, such as quotient, cuckoo, and Morton, have a trade-off between"
        )

    def test_list_response(self):
        parsed = read("works-list-sample-5.json", "openalex")

        assert (len(parsed.entries), parsed.errors) == (5, [])
        glue = by_title(parsed, "Skin Glue")
        assert (glue.authors, glue.authors_complete) == ([], False)
        assert glue.abstract
        # OpenAlex writes 1 January when it only knows the year.
        assert by_title(parsed, "Patriotism").publication_date is None


class TestOrcid:
    def test_works_summary(self):
        parsed = read("works-0000-0001-8607-8025.json", "orcid")

        assert (len(parsed.entries), parsed.errors) == (74, [])
        first = parsed.entries[0]
        assert (first.title, first.doi, first.year) == (
            "Open Code and Peer Review",
            "10.7557/19.5311",
            2020,
        )
        assert (first.kind, first.venue) == (PublicationKind.JOURNAL_ARTICLE, "Open Science Talk")
        # A summary names no authors.
        assert all(entry.authors == [] and not entry.authors_complete for entry in parsed.entries)

    def test_full_work_with_contributors(self):
        (work,) = read("work-0000-0002-0734-2199-77226586.json", "orcid").entries

        assert work.authors == [
            "Sebastian Kreutzer",
            "Chantal Tribolo",
            "Loïc Martin",
            "Norbert Mercier",
        ]
        assert work.publication_date == date(2020, 6, 1)
        assert work.abstract.startswith("We present additional experiments for α-Al2O3:C chips")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("accents-and-duplicates.bib", "bibtex"),
        ("person-318-0989-nikita-balagansky.xml", "dblp"),
        ("works-list-sample-5.json", "openalex"),
        ("work-W3174427814-vector-quotient-filters.json", "openalex"),
        ("works-0000-0001-8607-8025.json", "orcid"),
        ("work-0000-0002-0734-2199-77226586.json", "orcid"),
    ],
)
def test_guess_format(name, expected):
    content = (SAMPLES / name).read_bytes()

    assert guess_format(name, content) == expected
    assert guess_format("download", content) == expected


def test_guess_format_gives_up_on_other_files():
    with pytest.raises(UnreadableFile, match="--format"):
        guess_format("notes.txt", b"Just some notes.")


class TestMatching:
    def test_author_written_with_initials_links_the_only_member_it_can_be(self):
        munoz = MemberFactory(given_name="Raúl", family_name="Muñoz")
        MemberFactory(given_name="Jürgen", family_name="Grau")

        import_publications(entries=read("accents-and-duplicates.bib", "bibtex").entries)

        publication = Publication.objects.get(doi="10.5555/fictif.2023.001")
        assert [(a.name, a.member) for a in publication.authorships.all()] == [
            ("Joséphine Lefèvre", None),
            ("R. Muñoz", munoz),
            ("Jürgen Götz", None),
        ]

    def test_initials_several_members_share_stay_unlinked_and_are_reported(self):
        MemberFactory(given_name="Raúl", family_name="Muñoz")
        MemberFactory(given_name="Rosa", family_name="Muñoz")

        report = import_publications(entries=read("accents-and-duplicates.bib", "bibtex").entries)

        publication = Publication.objects.get(doi="10.5555/fictif.2023.001")
        assert publication.authorships.get(position=2).member is None
        assert ("Étude fictive des réseaux à mémoire courte", "R. Muñoz") in (
            report.ambiguous_authors
        )

    def test_a_complete_author_list_replaces_a_members_partial_one(self):
        member = MemberFactory(given_name="Chantal", family_name="Tribolo")
        summary = PublicationEntry(
            title="Dose-Rate Estimation using α-Al2O3:C Chips: Aftermath",
            year=2020,
            authors_complete=False,
        )
        import_publications(entries=[summary], member=member)

        full = read("work-0000-0002-0734-2199-77226586.json", "orcid").entries
        report = import_publications(entries=full)

        assert report.summary() == {
            "created": 0,
            "merged": 1,
            "unchanged": 0,
            "pending": 0,
            "skipped": 0,
        }
        publication = Publication.objects.get()
        assert publication.authors_complete
        assert [(a.name, a.member) for a in publication.authorships.all()] == [
            ("Sebastian Kreutzer", None),
            ("Chantal Tribolo", member),
            ("Loïc Martin", None),
            ("Norbert Mercier", None),
        ]

    def test_published_version_takes_over_from_the_preprint(self):
        preprint = PublicationEntry(
            title="Un article fictif", kind="preprint", venue="arXiv", year=2024, doi=""
        )
        preprint.arxiv_id = "https://arxiv.org/abs/2401.99999v3"
        published = PublicationEntry(
            title="Un article fictif",
            kind="conference",
            venue="Conférence fictive",
            year=2024,
            doi="https://doi.org/10.5555/FICTIF.2024.9",
        )

        import_publications(entries=[preprint])
        report = import_publications(entries=[published])

        assert len(report.merged) == 1
        publication = Publication.objects.get()
        assert (publication.kind, publication.venue) == ("conference", "Conférence fictive")
        assert (publication.doi, publication.arxiv_id) == ("10.5555/fictif.2024.9", "2401.99999")

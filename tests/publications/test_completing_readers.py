"""Reading the answers of the sources that complete a harvest: Crossref works JSON, arXiv Atom
feeds, and ORCID's bulk works, on recorded responses."""

from datetime import date
from pathlib import Path

import pytest

from publications.importing.readers import UnreadableFile, guess_format, orcid, parse
from publications.models import PublicationKind

SAMPLES = Path(__file__).parent.parent / "samples"


def read(name: str, format: str):
    return parse((SAMPLES / name).read_bytes(), format=format)


class TestCrossref:
    def test_a_proceedings_article(self):
        (entry,) = read("work-10.1145_3448016.3452841.json", "crossref").entries

        assert entry.title == (
            "Vector Quotient Filters: Overcoming the Time/Space Trade-Off in Filter Design"
        )
        assert entry.doi == "10.1145/3448016.3452841"
        assert entry.kind == PublicationKind.CONFERENCE_PAPER
        assert entry.venue == (
            "Proceedings of the 2021 International Conference on Management of Data"
        )
        assert (entry.year, entry.publication_date) == (2021, date(2021, 6, 9))
        assert entry.authors[:3] == ["Prashant Pandey", "Alex Conway", "Joe Durie"]
        assert entry.authors_complete
        assert entry.source == "crossref"

    def test_a_journal_article_with_a_jats_abstract(self):
        (entry,) = read("work-10.7554_elife.01567.json", "crossref").entries

        assert entry.kind == PublicationKind.JOURNAL_ARTICLE
        assert entry.venue == "eLife"
        assert entry.publication_date == date(2014, 2, 11)
        assert entry.abstract.startswith("Among various advantages, their small size")
        assert "<jats:p>" not in entry.abstract and "jats" not in entry.abstract
        assert entry.url == "https://elifesciences.org/articles/01567"

    def test_a_record_with_only_a_year(self):
        (entry,) = read("work-10.1109_iccv.2007.4408927.json", "crossref").entries

        assert (entry.year, entry.publication_date) == (2007, None)
        assert entry.authors == ["Ali Kemal Sinop", "Leo Grady"]
        assert entry.abstract == ""

    def test_the_format_is_recognised(self):
        content = (SAMPLES / "work-10.7554_elife.01567.json").read_bytes()
        assert guess_format("work.json", content) == "crossref"

    @pytest.mark.parametrize(
        "content",
        [b'{"status": "ok", "message": {"title": []}}', b"[1, 2]", b'{"status": "failed"}'],
    )
    def test_not_a_crossref_work(self, content):
        with pytest.raises(UnreadableFile):
            parse(content, format="crossref")

    def test_a_work_without_title_is_skipped_with_its_reason(self):
        parsed = parse(
            b'{"status": "ok", "message": {"items": [{"DOI": "10.1/x", "title": []}]}}',
            format="crossref",
        )
        assert parsed.entries == []
        assert parsed.errors == [("10.1/x", "the work has no title")]


class TestArxiv:
    def test_a_new_style_identifier_2016_layout(self):
        (entry,) = read("query-id_list-1111.2011v2-2016.atom.xml", "arxiv").entries

        assert entry.arxiv_id == "1111.2011"
        assert entry.title == (
            "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
            "Connectivity Limit"
        )
        assert entry.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
        assert entry.publication_date == date(2011, 11, 8)
        assert entry.kind == PublicationKind.PREPRINT
        assert entry.abstract.startswith("Theoretical description of anisotropic systems")
        assert "\n" not in entry.abstract
        # The journal version's DOI belongs to that version, not to the preprint.
        assert entry.doi == ""
        assert entry.source == "arxiv"

    def test_an_old_style_identifier_current_layout(self):
        (entry,) = read("query-id_list-astro-ph_0601001-2026.atom.xml", "arxiv").entries

        assert entry.arxiv_id == "astro-ph/0601001"
        assert entry.authors == [
            "Andrew Gould",
            "Susan Dorsher",
            "B. Scott Gaudi",
            "Andrzej Udalski",
        ]
        assert entry.pdf_url == "https://arxiv.org/pdf/astro-ph/0601001v1"

    def test_a_search_feed_with_many_entries(self):
        parsed = read("query-search-au-del_maestro-2016.atom.xml", "arxiv")

        assert len(parsed.entries) == 10
        assert all(entry.arxiv_id and entry.authors for entry in parsed.entries)

    def test_the_format_is_recognised(self):
        content = (SAMPLES / "query-id_list-1111.2011v2-2016.atom.xml").read_bytes()
        assert guess_format("query.xml", content) == "arxiv"
        assert guess_format("query", content) == "arxiv"

    @pytest.mark.parametrize(
        "content",
        [
            b"<html><body>maintenance</body></html>",
            b"not xml at all",
            b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed>&a;</feed>',
        ],
    )
    def test_not_an_arxiv_feed(self, content):
        with pytest.raises(UnreadableFile):
            parse(content, format="arxiv")


class TestOrcidBulk:
    def test_the_full_works_of_a_bulk_answer_and_the_errors_left_out(self):
        full = (SAMPLES / "work-0000-0002-0734-2199-77226586.json").read_text()
        content = (
            f'{{"bulk": [{{"work": {full}}}, {{"error": {{"response-code": 404}}}}]}}'
        ).encode()

        (entry,) = parse(content, format="orcid").entries
        assert entry.authors[0] == "Sebastian Kreutzer"
        assert entry.authors_complete
        assert guess_format("works.json", content) == "orcid"

    def test_details_complete_a_summary_and_keep_both_identifiers(self):
        summary = {"put-code": 1, "external-ids": {"external-id": [{"a": 1}]}}
        work = {"put-code": 1, "contributors": {}, "external-ids": {"external-id": [{"b": 2}]}}

        combined = orcid.with_details(summary, work)

        assert combined["external-ids"]["external-id"] == [{"a": 1}, {"b": 2}]
        assert "contributors" in combined
        assert orcid.with_details(summary, None) is summary

"""Imports write their history in bulk, stop when the database goes away, read BibTeX fast."""

from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError

from core.history import recorded_as
from publications.importing import ImportInterrupted, PublicationEntry, import_publications, run
from publications.importing.run import ImportRun
from publications.models import Authorship, Publication
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"


def entries(count: int) -> list[PublicationEntry]:
    return [
        PublicationEntry(title=f"Fictional paper {n}", authors=["Ada Songe", "Hugo Fictif"])
        for n in range(1, count + 1)
    ]


def test_every_created_publication_and_authorship_has_its_signed_history_row():
    staff = UserFactory()
    with recorded_as("import", user=staff):
        report = import_publications(entries=entries(3))

    assert len(report.created) == 3
    rows = Publication.history.all()
    assert rows.count() == 3
    assert {(row.history_type, row.history_change_reason, row.history_user) for row in rows} == {
        ("+", "import", staff)
    }
    assert {row.id for row in rows} == {p.pk for p in report.created}
    authorship_rows = Authorship.history.all()
    assert sorted(row.id for row in authorship_rows) == sorted(
        Authorship.objects.values_list("pk", flat=True)
    )
    assert {row.history_change_reason for row in authorship_rows} == {"import"}


def test_an_entry_rolled_back_leaves_no_history_row():
    real = run.new_release

    def fail_on_second(publication, entry):
        if entry.title.endswith(" 2"):
            raise IntegrityError("simulated")
        return real(publication, entry)

    with mock.patch.object(run, "new_release", side_effect=fail_on_second):
        report = import_publications(entries=entries(3))

    assert [title for title, _reason in report.skipped] == ["Fictional paper 2"]
    assert sorted(Publication.history.values_list("title", flat=True)) == [
        "Fictional paper 1",
        "Fictional paper 3",
    ]
    assert Authorship.history.count() == Authorship.objects.count() == 4


def test_a_lost_connection_stops_the_import_instead_of_skipping_every_entry():
    real = ImportRun._store
    calls = []

    def lose_connection(self, entry):
        calls.append(entry.title)
        if len(calls) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, entry)

    with (
        mock.patch.object(ImportRun, "_store", autospec=True, side_effect=lose_connection),
        pytest.raises(ImportInterrupted, match="stopped at entry 2.*cannot be reached"),
    ):
        import_publications(entries=entries(5))

    assert len(calls) == 2  # Not one "skipped" line per remaining entry.
    assert not Publication.objects.exists()  # The batch was rolled back with its history.
    assert not Publication.history.exists()


def test_the_command_reports_a_lost_connection_in_one_line():
    with (
        mock.patch.object(
            ImportRun, "_store", side_effect=OperationalError("connection is closed")
        ),
        pytest.raises(CommandError, match="stopped at entry 1: the database cannot be reached"),
    ):
        call_command("import_publications", str(SAMPLES / "accents-and-duplicates.bib"))


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.bib")))
def test_the_quick_bibtex_reader_reads_every_entry_it_accepts_as_bibtexparser_does(name):
    from publications.importing.readers import bibtex

    text = bibtex.decode((SAMPLES / name).read_bytes())
    starts = [m.start() for m in bibtex._ENTRY_START.finditer(text)] + [len(text)]
    accepted = 0
    for start, end in zip(starts, starts[1:], strict=False):
        if (record := bibtex._read_entry(text, start, end)) is not None:
            accepted += 1
            assert bibtex._parse(text[start:end]) == [record]
    assert accepted >= len(starts) - 2  # Only malformed entries are left to bibtexparser.


def test_a_merge_sees_the_authorships_and_releases_its_batch_created():
    preprint = PublicationEntry(
        title="Fictional paper",
        authors=["Ada Songe"],
        authors_complete=False,
        kind="preprint",
        year=2024,
        arxiv_id="2401.00001",
    )
    published = PublicationEntry(
        title="Fictional paper",
        authors=["Ada Songe", "Hugo Fictif"],
        kind="article",
        year=2024,
        doi="10.1234/fictional",
    )
    report = import_publications(entries=[preprint, *entries(2), published])

    assert len(report.created) == 3 and len(report.merged) == 1
    paper = Publication.objects.get(title="Fictional paper")
    assert sorted(paper.releases.values_list("kind", flat=True)) == ["article", "preprint"]
    assert list(paper.authorships.values_list("name", flat=True)) == ["Ada Songe", "Hugo Fictif"]
    assert Authorship.objects.count() == 2 + 2 * 2


def test_a_release_the_database_refuses_replays_the_batch_and_skips_that_entry_alone():
    real = run.new_release

    def bad_kind_for_second(publication, entry):
        release = real(publication, entry)
        if entry.title.endswith(" 2"):
            release.kind = "bogus"  # refused by the database's check constraint
        return release

    with mock.patch.object(run, "new_release", side_effect=bad_kind_for_second):
        report = import_publications(entries=entries(4))

    assert [title for title, _reason in report.skipped] == ["Fictional paper 2"]
    assert [p.title for p in report.created] == [f"Fictional paper {n}" for n in (1, 3, 4)]
    assert sorted(Publication.objects.values_list("slug", flat=True)) == [
        "fictional-paper-1",
        "fictional-paper-3",
        "fictional-paper-4",
    ]
    assert Publication.history.count() == 3
    assert Authorship.history.count() == Authorship.objects.count() == 6
    assert all(p.releases.count() == 1 for p in report.created)

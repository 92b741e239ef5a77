"""`manage.py import_publications`: what staff see printed and what ends up stored."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from publications.models import Authorship, Publication
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"


def run(name, *args) -> str:
    out = StringIO()
    call_command("import_publications", str(SAMPLES / name), *args, stdout=out)
    return out.getvalue()


def test_bibtex_file_with_duplicate_doi_and_malformed_entry():
    output = run("accents-and-duplicates.bib")

    assert "6 entries read as bibtex" in output
    assert "created 3, merged 1, unchanged 0, pending 0, skipped 2" in output
    assert "skipped @article{Broken2022} (line 22): unbalanced braces" in output
    assert "skipped @article{Untitled2021} (line 45): the entry has no title" in output
    assert Publication.objects.count() == 3
    # https://doi.org/10.5555/FICTIF… and 10.5555/fictif… are one paper; the second record
    # brought its abstract.
    study = Publication.objects.get(doi="10.5555/fictif.2023.001")
    assert study.title == "Étude fictive des réseaux à mémoire courte"
    assert study.abstract == "Un résumé fictif, sans données réelles."
    assert not Publication.objects.filter(title__icontains="cassée").exists()
    assert list(study.authorships.values_list("name", flat=True)) == [
        "Joséphine Lefèvre",
        "R. Muñoz",
        "Jürgen Götz",
    ]


def test_running_an_import_again_changes_nothing():
    run("accents-and-duplicates.bib")
    first = list(Publication.objects.values_list("pk", "updated_at"))

    output = run("accents-and-duplicates.bib")

    assert "created 0, merged 0, unchanged 4, pending 0, skipped 2" in output
    assert list(Publication.objects.values_list("pk", "updated_at")) == first


@pytest.mark.parametrize(
    ("name", "entries", "summary"),
    [
        # The IJCAI paper and its CoRR preprint are one publication.
        (
            "dblp-export-jilin-hu-standard.bib",
            19,
            "created 18, merged 1, unchanged 0, pending 0, skipped 0",
        ),
        ("person-318-0989-nikita-balagansky.xml", 26, "created 19, merged 6, unchanged 1"),
        (
            "works-0000-0001-8607-8025.json",
            74,
            "created 66, merged 2, unchanged 6, pending 0, skipped 0",
        ),
        ("works-list-sample-5.json", 5, "created 5, merged 0, unchanged 0, pending 0, skipped 0"),
    ],
)
def test_real_files_imported_twice(name, entries, summary):
    assert summary in run(name)
    count = Publication.objects.count()

    again = run(name)

    assert f"created 0, merged 0, unchanged {entries}, pending 0, skipped 0" in again
    assert Publication.objects.count() == count


def test_preprint_and_conference_paper_become_one_publication():
    run("person-318-0989-nikita-balagansky.xml")

    steering = Publication.objects.get(title="Steering LLM Reasoning Through Bias-Only Adaptation")
    assert (steering.kind, steering.venue, steering.year) == ("conference", "EMNLP", 2025)
    # From the CoRR record's DOI 10.48550/arXiv.2505.18706.
    assert (steering.arxiv_id, steering.doi) == ("2505.18706", "")


def test_dblp_homonym_numbers_are_not_shown():
    run("person-23-7512-shuaiwen-song.xml")

    interconnect = Publication.objects.get(doi="10.1109/tpds.2019.2928289")
    assert "Xu Liu" in interconnect.authorships.values_list("name", flat=True)
    assert not Authorship.objects.filter(name__regex=r"\d{4}$").exists()


def test_member_option_links_the_member_written_with_a_middle_name():
    member = MemberFactory(given_name="Shuaiwen", family_name="Song")

    output = run("person-23-7512-shuaiwen-song.xml", "--member", member.slug)

    assert f"for Shuaiwen Song ({member.slug})" in output
    publications = Publication.objects.count()
    linked = Authorship.objects.filter(member=member)
    assert linked.count() == publications == 65
    # dblp mostly writes "Shuaiwen Leon Song"; the name as written is kept.
    assert set(linked.values_list("name", flat=True)) == {"Shuaiwen Leon Song", "Shuaiwen Song"}


def test_member_option_adds_the_member_to_lists_that_name_nobody():
    member = MemberFactory(given_name="Stephen", family_name="Eglen")

    run("works-0000-0001-8607-8025.json", "--member", member.slug)

    publication = Publication.objects.get(doi="10.7557/19.5311")
    assert [(a.name, a.member) for a in publication.authorships.all()] == [
        ("Stephen Eglen", member)
    ]
    assert not publication.authors_complete


def test_member_option_on_publications_already_stored():
    run("accents-and-duplicates.bib")
    member = MemberFactory(given_name="Joséphine", family_name="Lefèvre")

    output = run("accents-and-duplicates.bib", "--member", member.slug)

    # Her study is linked where she is written; the two others, which do not name her, get
    # her added at the end since this is declared to be her list.
    assert "created 0, merged 3, unchanged 1, pending 0, skipped 2" in output
    study = Publication.objects.get(doi="10.5555/fictif.2023.001")
    assert study.authorships.get(position=1).member == member
    thesis = Publication.objects.get(kind="thesis")
    assert [(a.name, a.member) for a in thesis.authorships.all()] == [
        ("Françoise Ngô", None),
        ("Joséphine Lefèvre", member),
    ]
    assert not thesis.authors_complete


def test_dry_run_stores_nothing():
    output = run("accents-and-duplicates.bib", "--dry-run")

    assert "created 3, merged 1, unchanged 0, pending 0, skipped 2" in output
    assert "Dry run: nothing was saved." in output
    assert not Publication.objects.exists()
    assert not Authorship.objects.exists()


def test_format_option_overrides_the_guess(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((SAMPLES / "accents-and-duplicates.bib").read_bytes())

    out = StringIO()
    call_command("import_publications", str(path), "--format", "bibtex", stdout=out)

    assert "created 3" in out.getvalue()


def test_unknown_member_is_a_clear_error():
    with pytest.raises(CommandError, match="No member has the slug “nobody”"):
        run("accents-and-duplicates.bib", "--member", "nobody")


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        run("missing.bib")


def test_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("import_publications", str(tmp_path), stdout=StringIO())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("works.json", b'{"results": [', "not valid JSON"),
        ("person.xml", b"<dblpperson><r>", "not well-formed XML"),
        ("notes.txt", b"Just some notes.", "cannot tell the format"),
        ("empty.bib", b"% nothing here\n", "no BibTeX entry"),
    ],
)
def test_unreadable_files_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_publications", str(path), stdout=StringIO())
    assert not Publication.objects.exists()


class Terminal(StringIO):
    """What a person's terminal is to the command: a TTY."""

    def isatty(self):
        return True


def test_a_progress_bar_on_a_terminal_and_none_in_a_pipe(tmp_path, monkeypatch):
    monkeypatch.setattr("publications.importing.run.IMPORT_BATCH_SIZE", 2)
    bib = tmp_path / "list.bib"
    bib.write_text(
        "".join(f"@article{{a{n}, title={{Article fictif {n}}}, year=2020}}\n" for n in range(5))
    )
    terminal, pipe = Terminal(), StringIO()

    call_command("import_publications", str(bib), stdout=terminal)
    call_command("import_publications", str(bib), stdout=pipe)

    shown = terminal.getvalue()
    assert "\r[############..................] 2 of 5 entries" in shown
    assert "\r[##############################] 5 of 5 entries\n" in shown
    assert "entries" in pipe.getvalue() and "\r" not in pipe.getvalue()
    assert "#" not in pipe.getvalue()

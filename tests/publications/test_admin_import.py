"""The admin's upload page: the file is stored with a job and read in the background, the page
follows the job and shows the preview, confirming imports it once; bad files explained."""

import time
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from core.jobs import JobStatus
from publications.models import Publication, ReviewStatus
from publications.runs import ImportJob
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"
IMPORT = reverse("admin:publications_publication_import")


def upload(name, content=None, **fields):
    content = (SAMPLES / name).read_bytes() if content is None else content
    return {"file": SimpleUploadedFile(name, content), "format": "", "approve": "on", **fields}


def job_page(job) -> str:
    return reverse("admin:publications_publication_import_job", args=[job.pk])


def confirm_page(job) -> str:
    return reverse("admin:publications_publication_import_confirm", args=[job.pk])


@pytest.fixture
def staff(client, editor, django_capture_on_commit_callbacks):
    """The editor's client; what it posts runs its jobs as a worker would, once committed."""
    client.force_login(editor)

    def post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    client.post_and_run = post
    return client


def test_the_changelist_links_to_the_upload_page(staff):
    response = staff.get(reverse("admin:publications_publication_changelist"))
    assert IMPORT in response.text
    assert staff.get(IMPORT).status_code == 200


def test_the_upload_answers_at_once_and_the_preview_follows(staff):
    response = staff.post(IMPORT, upload("accents-and-duplicates.bib"))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_page(job)
    # Queued, not read in the request: the page says so and reloads itself.
    assert job.status == JobStatus.QUEUED
    waiting = staff.get(job_page(job))
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    assert "Recharger" in waiting.text or "Reload" in waiting.text
    assert Publication.objects.count() == 0


def test_preview_stores_nothing_and_confirm_stores_once(staff):
    staff.post_and_run(IMPORT, upload("accents-and-duplicates.bib"))
    job = ImportJob.objects.get()

    preview = staff.get(job_page(job))

    assert Publication.objects.count() == 0
    assert 'http-equiv="refresh"' not in preview.text
    assert (job.created, job.merged, job.skipped) == (3, 1, 2)
    assert "Étude fictive des réseaux à mémoire courte" in preview.text
    assert "unbalanced braces" in preview.text
    assert confirm_page(job) in preview.text

    done = staff.post_and_run(confirm_page(job), {})

    assert done.status_code == 302
    assert Publication.objects.count() == 3
    assert "a été importé" in staff.get(job_page(job)).text
    assert set(Publication.objects.values_list("review_status", flat=True)) == {"approved"}
    job.refresh_from_db()
    assert (job.status, job.created) == (JobStatus.DONE, 3)
    # The same confirmation again, from a second tab or a second click: nothing imported.
    staff.post_and_run(confirm_page(job), {})
    assert Publication.objects.count() == 3
    (message,) = [str(m) for m in staff.get(job_page(job)).context["messages"]][-1:]
    assert "déjà" in message or "already" in message


def test_an_upload_for_a_member_left_for_review(staff):
    member = MemberFactory(given_name="Nikita", family_name="Balagansky")
    fields = upload("person-318-0989-nikita-balagansky.xml", member=member.pk)
    del fields["approve"]

    staff.post_and_run(IMPORT, fields)
    staff.post_and_run(confirm_page(ImportJob.objects.get()), {})

    assert Publication.objects.count() == 19
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert Publication.objects.on_profile_of(member).count() == 19


def test_without_javascript_the_member_is_named_by_slug(staff):
    member = MemberFactory(given_name="Nikita", family_name="Balagansky")

    staff.post_and_run(
        IMPORT, upload("person-318-0989-nikita-balagansky.xml", member_slug=member.slug)
    )

    assert ImportJob.objects.get().member == member
    response = staff.post(IMPORT, upload("list.bib", b"@article{a, title={A}}", member_slug="x"))
    assert response.context["form"].errors["member_slug"]


def test_the_member_field_searches_instead_of_listing_every_member(staff):
    MemberFactory.create_batch(300)

    page = staff.get(IMPORT)

    # The format's choices and the empty member: no member listed.
    assert page.text.count("<option") == 8
    assert "Fictif" not in page.text
    assert "admin-autocomplete" in page.text
    assert len(page.content) < 30_000
    search = staff.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "publications",
            "model_name": "importjob",
            "field_name": "member",
            "term": "x",
        },
    )
    assert search.status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("notes.txt", b"Rien qui ressemble \xc3\xa0 une liste de publications.", ""),
        ("works.json", b'{"foo": [1, 2, 3]}', ""),
        ("works.json", b"{not json", "openalex"),
        ("person.xml", b"<html><body>maintenance</body></html>", ""),
        ("list.bib", b"\x00\xff\xfe garbage", "bibtex"),
    ],
)
def test_a_bad_file_gives_a_clear_message(staff, name, content, fmt):
    staff.post_and_run(IMPORT, upload(name, content, format=fmt))

    job = ImportJob.objects.get()
    response = staff.get(job_page(job))
    assert response.status_code == 200
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Ce fichier est illisible")
    assert '<li class="error import-error">Ce fichier est illisible' in response.text
    assert Publication.objects.count() == 0


def test_an_empty_or_oversized_file_is_refused_by_the_form(staff, monkeypatch):
    monkeypatch.setattr("publications.admin.imports.MAX_UPLOAD_BYTES", 10)

    response = staff.post(IMPORT, upload("list.bib", b"@article{a, title={Assez long}}"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_a_lost_database_says_nothing_was_saved(staff):
    with mock.patch.object(
        ImportJob, "save", side_effect=OperationalError("server closed the connection")
    ):
        response = staff.post(IMPORT, upload("accents-and-duplicates.bib"))

    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"]]
    assert "rien n’a été enregistré" in message or "nothing was saved" in message
    assert not ImportJob.objects.exists()


def test_a_confirmation_needs_a_preview(staff):
    staff.post_and_run(IMPORT, upload("notes.txt", b"rien"))
    job = ImportJob.objects.get()

    staff.post_and_run(confirm_page(job), {})

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert len(list(staff.get(job_page(job)).context["messages"])) == 1
    assert staff.get(confirm_page(job)).status_code == 405


def test_the_import_pages_cost_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    bib = "".join(f"@article{{a{n}, title={{Article {n}}}, year=2020}}\n" for n in range(300))
    staff.post_and_run(IMPORT, upload("big.bib", bib.encode()))
    big = ImportJob.objects.get()
    staff.post_and_run(IMPORT, upload("small.bib", b"@article{a, title={Seul}, year=2020}"))
    small = ImportJob.objects.latest("pk")

    for job in (small, big):
        with django_assert_max_num_queries(8):
            response = staff.get(job_page(job))
        assert response.status_code == 200
    with django_assert_max_num_queries(8):
        staff.get(IMPORT)


def test_only_staff_who_may_add_publications_can_upload(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(viewer)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload("accents-and-duplicates.bib")).status_code == 403
    assert not ImportJob.objects.exists()
    changelist = client.get(reverse("admin:publications_publication_changelist"))
    assert IMPORT not in changelist.text


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_ten_thousand_entries_are_answered_at_once_and_read_in_the_background(staff):
    from publications.management.commands.bench_import import fictional_bibtex

    content = fictional_bibtex(10_000).encode()
    assert len(content) < 5 * 1024 * 1024

    started = time.monotonic()
    response = staff.post(IMPORT, upload("ten-thousand.bib", content))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2, f"the upload took {elapsed:.2f} s"
    job = ImportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    with job.upload.open("rb") as stored:
        assert stored.read() == content


def test_a_lost_database_at_confirmation_imports_nothing_and_says_so(staff):
    staff.post_and_run(IMPORT, upload("accents-and-duplicates.bib"))
    job = ImportJob.objects.get()

    with mock.patch(
        "publications.admin.imports.confirm_import",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = staff.post_and_run(confirm_page(job), {}, follow=True)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("rien n’a été importé" in m for m in messages), messages
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEWED and Publication.objects.count() == 0

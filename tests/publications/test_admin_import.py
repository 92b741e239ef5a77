"""The admin's upload page: preview what a file would do, then confirm; bad files explained."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Publication, ReviewStatus
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"
IMPORT = reverse("admin:publications_publication_import")


def upload(name, content=None, **fields):
    content = (SAMPLES / name).read_bytes() if content is None else content
    return {"file": SimpleUploadedFile(name, content), "format": "", "approve": "on", **fields}


def test_the_changelist_links_to_the_upload_page(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:publications_publication_changelist"))
    assert IMPORT in response.text
    assert client.get(IMPORT).status_code == 200


def test_preview_stores_nothing_and_confirm_stores(client, editor):
    client.force_login(editor)

    preview = client.post(IMPORT, upload("accents-and-duplicates.bib"))

    assert preview.status_code == 200
    assert Publication.objects.count() == 0
    report = preview.context["report"]
    assert (len(report.created), len(report.merged), len(preview.context["skipped"])) == (3, 1, 2)
    assert "Étude fictive des réseaux à mémoire courte" in preview.text
    assert "unbalanced braces" in preview.text

    done = client.post(IMPORT, {"token": preview.context["token"]})

    assert done.status_code == 200
    assert Publication.objects.count() == 3
    assert set(Publication.objects.values_list("review_status", flat=True)) == {"approved"}
    # The same confirmation cannot be replayed.
    again = client.post(IMPORT, {"token": preview.context["token"]}, follow=True)
    assert Publication.objects.count() == 3
    assert len(list(again.context["messages"])) == 1


def test_an_upload_for_a_member_left_for_review(client, editor):
    member = MemberFactory(given_name="Nikita", family_name="Balagansky")
    client.force_login(editor)
    fields = upload("person-318-0989-nikita-balagansky.xml", member=member.pk)
    del fields["approve"]

    preview = client.post(IMPORT, fields)
    client.post(IMPORT, {"token": preview.context["token"]})

    assert Publication.objects.count() == 19
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert Publication.objects.on_profile_of(member).count() == 19


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
def test_a_bad_file_gives_a_clear_message(client, editor, name, content, fmt):
    client.force_login(editor)

    response = client.post(IMPORT, upload(name, content, format=fmt))

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Publication.objects.count() == 0


def test_ambiguous_authors_are_listed_for_staff(client, editor):
    MemberFactory(given_name="Jean", family_name="Dupont")
    MemberFactory(given_name="Jeanne", family_name="Dupont")
    bib = b"@article{a, title={Un article fictif}, author={J. Dupont and Z. Autre}, year=2020}"
    client.force_login(editor)

    preview = client.post(IMPORT, upload("list.bib", bib))

    assert preview.context["report"].ambiguous_authors == [("Un article fictif", "J. Dupont")]
    assert "J. Dupont" in preview.text


def test_only_staff_who_may_add_publications_can_upload(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(viewer)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, upload("accents-and-duplicates.bib")).status_code == 403
    assert Publication.objects.count() == 0
    changelist = client.get(reverse("admin:publications_publication_changelist"))
    assert IMPORT not in changelist.text


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert "/login/" in response["Location"]

"""A replaced or removed portrait leaves no file behind once the change is committed, a change
that is rolled back keeps the files it would have replaced, and a member may send only a few
portraits an hour from their own page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from members.models import Member
from tests.factories import MemberFactory, UserFactory
from tests.test_uploads import change, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ada(client):
    member = MemberFactory(given_name="Ada", family_name="Fictive", user=UserFactory())
    client.force_login(member.user)
    return member


def files_on_disk(root) -> set[str]:
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def files_in_use() -> set[str]:
    return {
        file.name
        for member in Member.objects.all()
        for file in (member.portrait, member.portrait_small, member.portrait_medium)
        if file
    }


def upload(client, colour=(20, 120, 200)):
    return client.post(reverse("members:account"), {"portrait": jpeg(colour=colour)})


def test_three_uploads_and_a_removal_leave_only_what_is_in_use(
    client, ada, media_in_tmp, django_capture_on_commit_callbacks
):
    for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255)):
        with django_capture_on_commit_callbacks(execute=True):
            assert upload(client, colour).status_code == 302
        assert files_on_disk(media_in_tmp) == files_in_use()
        # The portrait and its 144 and 320 pixel copies, nothing older.
        assert len(files_on_disk(media_in_tmp)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:account"), {"portrait-clear": "on"})

    assert response.status_code == 302
    ada.refresh_from_db()
    assert not ada.portrait
    assert files_on_disk(media_in_tmp) == set()


def test_a_portrait_replaced_in_the_admin_leaves_no_files_either(
    client, editor, media_in_tmp, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    client.force_login(editor)
    for colour in ((255, 0, 0), (0, 255, 0)):
        with django_capture_on_commit_callbacks(execute=True):
            assert change(client, member, jpeg(colour=colour)).status_code == 302

    assert files_on_disk(media_in_tmp) == files_in_use()
    assert len(files_in_use()) == 3


def test_a_rolled_back_save_keeps_the_old_files(
    ada, media_in_tmp, django_capture_on_commit_callbacks
):
    ada.portrait = jpeg()
    ada.save()
    kept = files_in_use()
    assert len(kept) == 3

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        replacing = Member.objects.get(pk=ada.pk)
        replacing.portrait = jpeg(colour=(1, 2, 3))
        replacing.save()
        raise RuntimeError("the request failed after the save")

    assert callbacks == []
    assert files_in_use() == kept
    assert kept <= files_on_disk(media_in_tmp)
    ada.refresh_from_db()
    with ada.portrait.open("rb") as stored:
        assert stored.read(2) == b"\xff\xd8"


def test_a_file_another_member_still_refers_to_is_kept(
    ada, media_in_tmp, django_capture_on_commit_callbacks
):
    ada.portrait = jpeg()
    ada.save()
    shared = ada.portrait.name
    # As a restored backup or a data fix could leave it: two records, one file.
    MemberFactory(given_name="Zoé", family_name="Copie")
    Member.objects.filter(slug="zoe-copie").update(portrait=shared)

    with django_capture_on_commit_callbacks(execute=True):
        ada.portrait = ""
        ada.save()

    assert shared in files_on_disk(media_in_tmp)
    assert files_on_disk(media_in_tmp) == {shared}


def test_the_upload_past_the_hourly_limit_is_refused_and_the_portrait_kept(
    client, ada, settings, media_in_tmp, django_capture_on_commit_callbacks
):
    settings.PORTRAIT_UPLOADS_PER_HOUR = 3
    for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255)):
        with django_capture_on_commit_callbacks(execute=True):
            assert upload(client, colour).status_code == 302
    ada.refresh_from_db()
    kept = ada.portrait.name

    response = upload(client, (9, 9, 9))

    assert response.status_code == 200
    assert "Vous avez déjà envoyé 3 portraits dans l’heure" in response.content.decode()
    ada.refresh_from_db()
    assert ada.portrait.name == kept
    assert files_on_disk(media_in_tmp) == files_in_use()


def test_a_refused_file_counts_towards_the_limit(client, ada, settings):
    settings.PORTRAIT_UPLOADS_PER_HOUR = 1
    not_an_image = SimpleUploadedFile("x.png", b"<svg onload=alert(1)></svg>", "image/png")
    assert client.post(reverse("members:account"), {"portrait": not_an_image}).status_code == 200

    response = upload(client)

    assert response.status_code == 200
    assert "dans l’heure" in response.content.decode()
    ada.refresh_from_db()
    assert not ada.portrait


def test_other_changes_need_no_upload_and_are_not_limited(client, ada, settings):
    settings.PORTRAIT_UPLOADS_PER_HOUR = 0

    response = client.post(reverse("members:account"), {"bio_fr": "Nouvelle biographie."})

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.bio_fr == "Nouvelle biographie."


def test_staff_in_the_admin_are_not_limited(client, editor, ada, settings):
    settings.PORTRAIT_UPLOADS_PER_HOUR = 1
    assert upload(client).status_code == 302
    assert upload(client).status_code == 200
    client.force_login(editor)

    for colour in ((255, 0, 0), (0, 255, 0)):
        assert change(client, ada, jpeg(colour=colour)).status_code == 302

"""Portraits uploaded through the admin: stored safely, shown as thumbnails, and a refused file
leaves the previous portrait in place."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from members import images
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(size=(400, 300), colour=(20, 120, 200)) -> SimpleUploadedFile:
    output = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", size, colour).save(output, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("Photo de Jean.jpg", output.getvalue(), content_type="image/jpeg")


def change(client, member, portrait):
    """Post the member's admin form unchanged except for the portrait."""
    return client.post(
        reverse("admin:members_member_change", args=[member.pk]),
        {
            "given_name": member.given_name,
            "family_name": member.family_name,
            "slug": member.slug,
            "is_published": "on",
            "membership_type": member.membership_type_id,
            "organisation": member.organisation_id,
            "portrait": portrait,
        },
    )


def test_an_uploaded_portrait_is_stored_reencoded_with_thumbnails_the_pages_use(
    client, editor, media_in_tmp
):
    member = MemberFactory()
    client.force_login(editor)

    response = change(client, member, jpeg())

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.portrait.name.startswith("portraits/")
    assert "Jean" not in member.portrait.name
    stored = (media_in_tmp / member.portrait.name).read_bytes()
    assert b"Camera maker" not in stored
    for field, size in [(member.portrait_small, 144), (member.portrait_medium, 320)]:
        with Image.open(media_in_tmp / field.name) as thumbnail:
            assert (thumbnail.format, thumbnail.size) == ("WEBP", (size, size))
    profile = client.get(member.get_absolute_url()).content.decode()
    directory = client.get(reverse("members:directory")).content.decode()
    assert f'src="{member.portrait_medium.url}"' in profile
    assert f'src="{member.portrait_small.url}"' in directory
    assert member.portrait.url not in profile + directory


def test_a_new_portrait_gets_new_thumbnails(client, editor, media_in_tmp):
    member = MemberFactory()
    client.force_login(editor)
    change(client, member, jpeg())
    member.refresh_from_db()
    first_small = member.portrait_small.name

    change(client, member, jpeg(colour=(250, 250, 0)))

    member.refresh_from_db()
    assert member.portrait_small.name != first_small
    with Image.open(media_in_tmp / member.portrait_small.name) as thumbnail:
        assert thumbnail.convert("RGB").getpixel((70, 70))[2] < 60


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "a.svg", "markup"),
        (b"<html><script>alert(1)</script></html>", "a.jpg", "markup"),
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", "a.png", "markup"),
        (jpeg((64, 64)).read()[:400], "a.jpg", "damaged"),
        (b"\x00" * (5 * 1024 * 1024 + 1), "a.png", "too_big"),
    ],
    ids=["svg", "html", "polyglot", "truncated", "too-big"],
)
def test_a_refused_file_is_explained_and_the_previous_portrait_stays(
    client, editor, content, name, reason
):
    member = MemberFactory()
    client.force_login(editor)
    change(client, member, jpeg())
    member.refresh_from_db()
    before = (member.portrait.name, member.portrait_small.name, member.portrait_medium.name)

    response = change(client, member, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    message = str(images.MESSAGES[reason])
    assert response.context["adminform"].form.errors["portrait"] == [message]
    assert escape(message) in response.content.decode()
    member.refresh_from_db()
    assert (member.portrait.name, member.portrait_small.name, member.portrait_medium.name) == before


def test_clearing_the_portrait_drops_the_thumbnails(client, editor):
    member = MemberFactory()
    client.force_login(editor)
    change(client, member, jpeg())

    response = client.post(
        reverse("admin:members_member_change", args=[member.pk]),
        {
            "given_name": member.given_name,
            "family_name": member.family_name,
            "slug": member.slug,
            "is_published": "on",
            "membership_type": member.membership_type_id,
            "portrait-clear": "on",
        },
    )

    assert response.status_code == 302
    member = Member.objects.get(pk=member.pk)
    assert not member.portrait and not member.portrait_small and not member.portrait_medium
    assert 'class="portrait portrait--initials' in client.get(member.get_absolute_url()).text


def test_a_portrait_whose_file_is_missing_still_saves_and_shows_the_original_url(client):
    member = MemberFactory(portrait="portraits/lost.jpg")

    member.refresh_from_db()
    assert member.portrait.name == "portraits/lost.jpg"
    assert not member.portrait_small and not member.portrait_medium
    assert 'src="/media/portraits/lost.jpg"' in client.get(member.get_absolute_url()).text

"""Request bodies over the site's cap are refused with 413 before anything reads them; what a
visitor or member normally sends (a sign-in, a 5 MB portrait) still goes through."""

import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# What the review sent to the sign-in page, anonymously.
TWO_HUNDRED_MB = 200 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of a refused request was read")

    readline = read


def post_declaring(client, url, length, **extra):
    return client.generic(
        "POST",
        url,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


@pytest.fixture
def member_account():
    user = UserFactory(username="ada")
    return MemberFactory(given_name="Ada", family_name="Fictive", user=user)


def test_a_200_mb_post_to_the_sign_in_page_is_refused_unread(client):
    response = post_declaring(client, "/fr/connexion/", TWO_HUNDRED_MB)

    assert response.status_code == 413
    page = response.content.decode()
    assert "Trop de données envoyées" in page
    assert "au plus 6 Mo à la fois" in page
    assert 'class="site-header"' in page
    # The headers every page carries.
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_refusal_speaks_the_language_of_the_address(client):
    with translation.override("en"):
        url = reverse("members:login")

    response = post_declaring(client, url, TWO_HUNDRED_MB)

    assert response.status_code == 413
    assert "Too much data sent" in response.content.decode()
    assert "at most 6 MB at a time" in response.content.decode()


def test_the_admin_refuses_an_oversized_upload_unread(client, editor):
    client.force_login(editor)

    response = post_declaring(
        client, reverse("admin:publications_publication_import"), 7 * 1024 * 1024
    )

    assert response.status_code == 413


def test_a_body_without_a_declared_length_is_never_read(client):
    # Chunked: Django reads nothing of a body whose length is not declared.
    response = client.generic(
        "POST",
        "/fr/connexion/",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code in {200, 403}


def test_the_cap_is_the_setting(client, member_account, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    login = {"username": "ada", "password": PASSWORD}

    assert client.post("/fr/connexion/", login | {"padding": "x" * 1000}).status_code == 413
    assert client.post("/fr/connexion/", login).status_code == 302


def test_a_normal_sign_in_still_works(client, member_account):
    response = client.post("/fr/connexion/", {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/fr/mon-profil/"


def test_a_portrait_just_under_5_mb_is_still_accepted(client, member_account, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Noise does not compress: a PNG of about 4.7 MB.
    noise = Image.frombytes("RGB", (1280, 1280), os.urandom(1280 * 1280 * 3))
    output = BytesIO()
    noise.save(output, "PNG", compress_level=0)
    assert 4.5 * 2**20 < len(output.getvalue()) < 5 * 2**20
    client.force_login(member_account.user)

    response = client.post(
        reverse("members:account"),
        {"portrait": SimpleUploadedFile("noise.png", output.getvalue(), "image/png")},
    )

    assert response.status_code == 302
    member_account.refresh_from_db()
    assert member_account.portrait.name.endswith(".png")

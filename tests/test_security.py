"""What the site sends to protect its visitors and staff: headers, production settings, error
pages that reveal nothing, and a login that locks after repeated failures."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import path, reverse

from directory.urls import urlpatterns as site_urlpatterns
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def broken_view(request):
    raise RuntimeError("secret-internal-detail in /srv/directory/settings.py")


# The site's URLs plus one view that fails, for the 500 page (ROOT_URLCONF points here).
urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


# --- Headers ----------------------------------------------------------------------------------


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()
    }


@pytest.mark.parametrize("url", ["/fr/membres/", "/en/members/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, url):
    MemberFactory()
    response = client.get(url)

    assert response.status_code == 200
    assert directives(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_carry_the_policy_too(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert directives(response)["script-src"] == "'self'"


def inline_code(html: str) -> list[str]:
    """Everything in a page that a strict policy would block: inline scripts, styles, handlers."""
    found = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    found += re.findall(r"<style\b", html)
    found += re.findall(r"\sstyle=\"[^\"]*\"", html)
    found += re.findall(r"\son[a-z]+=\"", html)
    return found


def test_admin_pages_have_no_inline_code_the_policy_would_block(client):
    member = MemberFactory()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    pages = [
        "/admin/",
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_change", args=[member.pk]),
        reverse("admin:members_member_add"),
        reverse("admin:members_researchtopic_add"),
        reverse("admin:publications_publication_add"),
        reverse("admin:auth_user_change", args=[admin.pk]),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


# --- Production settings ----------------------------------------------------------------------


def test_check_deploy_passes_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "directory.example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/directory",
            "CACHE_URL": "redis://127.0.0.1:6379/6",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# --- Error pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "lang", "title", "back"),
    [
        ("/fr/membres/personne-inconnue/", "fr", "Page introuvable", "/fr/membres/"),
        ("/en/members/nobody-known/", "en", "Page not found", "/en/members/"),
    ],
)
def test_404_page_speaks_the_visitors_language(client, url, lang, title, back):
    response = client.get(url + "<script>alert(1)</script>")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert title in html
    assert f'href="{back}"' in html
    assert "<script>alert(1)" not in html


def test_500_page_is_bilingual_and_reveals_nothing(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html
    assert "Something went wrong" in html
    for leak in ("secret-internal-detail", "Traceback", "RuntimeError", "settings.py"):
        assert leak not in html


# --- Brute-force protection -------------------------------------------------------------------


def attempt(client, username, password, language="en"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        headers={"accept-language": language},
    )


@pytest.fixture
def staff():
    return UserFactory(username="alice", is_staff=True, is_superuser=True)


def test_five_failures_lock_the_login_even_with_the_right_password(client, staff):
    for _ in range(4):
        assert attempt(client, "alice", "wrong").status_code == 200
    fifth = attempt(client, "alice", "wrong")
    assert fifth.status_code == 429

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "locked after 5 failed sign-in attempts" in html
    assert "Ask a member of staff to unlock it" in html
    assert "_auth_user_id" not in client.session


def test_lockout_page_in_french(client, staff):
    for _ in range(5):
        attempt(client, "alice", "wrong", language="fr")

    response = attempt(client, "alice", PASSWORD, language="fr")

    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode()


def test_axes_reset_unlocks_the_login(client, staff):
    for _ in range(5):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", PASSWORD).status_code == 429

    call_command("axes_reset")

    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_staff_unlock_by_deleting_the_access_attempt_in_the_admin(client, staff):
    for _ in range(5):
        attempt(client, "alice", "wrong")
    other = Client()
    other.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    locked = AccessAttempt.objects.get(username="alice")

    other.post(reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"})

    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(client, staff):
    for _ in range(4):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert attempt(client, "alice", "wrong").status_code == 200
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_address(client, staff):
    UserFactory(username="bob", is_staff=True)
    for _ in range(5):
        attempt(client, "alice", "wrong")

    assert attempt(client, "bob", PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert attempt(elsewhere, "alice", PASSWORD).status_code == 302

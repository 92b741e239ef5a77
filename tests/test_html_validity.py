"""Pages that are valid HTML and that a strict Content-Security-Policy leaves whole.

The Nu HTML checker (vnu, `make html-check`) reads the directory, the seed profile, a topic,
the publication list and a publication page in both languages, on the demo's records. Skipped
when Java or node_modules/vnu-jar is missing, except on CI.
"""

import json
import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import Member
from tests.factories import MemberFactory, PublicationFactory, UserFactory

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR, "node_modules/vnu-jar/build/dist/vnu.jar")


def inline_styles(html: str) -> list[str]:
    """Every `<style>` element and `style=` attribute: what style-src 'self' blocks."""
    return re.findall(r"<style\b[^>]*>", html) + re.findall(r"\sstyle=\"[^\"]*\"", html)


# --- The Cite panel ---------------------------------------------------------------------------


def test_the_bibtex_of_the_cite_panel_is_named_by_a_caption(client):
    publication = PublicationFactory(title="Un article à citer")

    html = client.get(publication.get_absolute_url()).content.decode()

    pre = re.search(r"<pre\b[^>]*>", html).group(0)
    assert "aria-label" not in pre
    assert 'tabindex="0"' in pre  # Still scrollable from the keyboard.
    figure = re.search(r'<figure class="cite__figure">(.*?)</figure>', html, re.S).group(1)
    assert re.search(r"<figcaption[^>]*>BibTeX</figcaption>\s*<pre", figure)


# --- Pages that used to carry inline styles ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/fr/connexion/", "fr", "Formulaire refusé"),
        ("/en/sign-in/", "en", "Form refused"),
        ("/admin/login/", "en", "Form refused"),
    ],
)
def test_the_csrf_failure_page_is_the_sites_own(url, language, heading):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        url, {"username": "ada", "password": "x"}, headers={"accept-language": language}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "css/site.css" in html
    assert inline_styles(html) == []


def test_the_history_pages_have_no_inline_style(client):
    member = MemberFactory(given_name="Ada", bio_fr="Avant.")
    member.bio_fr = "Après."
    member.save()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    history = client.get(reverse("admin:members_member_history", args=[member.pk]))
    version = client.get(
        reverse(
            "admin:members_member_simple_history",
            args=[member.pk, member.history.earliest("history_date").history_id],
        )
    )

    for page in (history, version):
        assert page.status_code == 200
        assert "Ada" in page.text
        assert inline_styles(page.text) == []
    assert "css/admin.css" in history.text
    assert "2 entrées" in " ".join(history.text.split())  # The count the style applied to.


# --- The Nu HTML checker ----------------------------------------------------------------------


def vnu() -> list[str]:
    """The command that runs the checker; skips (fails on CI) when it cannot run."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        reason = f"the Nu HTML checker needs Java and {VNU_JAR} (make vnu)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR)]


def checked_pages() -> dict[str, str]:
    """File name -> address of each page the checker reads, on the demo's records."""
    seed = Member.objects.get(slug="razvan-pascanu")
    topic = seed.research_topics.order_by("slug").first()
    publication = seed.authorships.select_related("publication").first().publication
    pages = {}
    for language, directory, topics, profile, network in (
        ("fr", "membres", "sujets", "connexion", "reseau"),
        ("en", "members", "topics", "sign-in", "network"),
    ):
        pages |= {
            f"directory-{language}": f"/{language}/{directory}/",
            f"profile-{language}": f"/{language}/{directory}/{seed.slug}/",
            f"topics-{language}": f"/{language}/{topics}/",
            f"topic-{language}": f"/{language}/{topics}/{topic.slug}/",
            f"publications-{language}": f"/{language}/publications/",
            f"publication-{language}": f"/{language}/publications/{publication.slug}/",
            f"sign-in-{language}": f"/{language}/{profile}/",
            f"network-{language}": f"/{language}/{directory}/{seed.slug}/{network}/",
            f"experts-{language}": f"/{language}/experts/?q=apprentissage+par+renforcement",
        }
    return pages


@pytest.mark.html
def test_the_nu_html_checker_finds_no_error(client, tmp_path):
    command = vnu()
    call_command("load_demo", stdout=StringIO())
    for name, url in checked_pages().items():
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    refused = Client(enforce_csrf_checks=True).post("/fr/connexion/")
    (tmp_path / "csrf-failure-fr.html").write_bytes(refused.content)
    (tmp_path / "not-found-fr.html").write_bytes(client.get("/fr/nulle-part/").content)

    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--stdout", "--exit-zero-always"]
        + sorted(str(path) for path in tmp_path.glob("*.html")),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    errors = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]
    assert errors == []

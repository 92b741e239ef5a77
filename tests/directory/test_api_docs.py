"""The OpenAPI document and the documentation page that renders it: readable in both
languages, and within the strict CSP (no inline script or style, nothing from elsewhere)."""

import re

import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "/api/v1/members/",
    "/api/v1/members/{slug}",
    "/api/v1/topics/",
    "/api/v1/topics/{slug}",
    "/api/v1/membership-types/",
    "/api/v1/membership-types/{slug}",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}",
    "/api/v1/publications/",
    "/api/v1/publications/{slug}",
]


def test_the_openapi_document(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(OPERATIONS) <= set(document["paths"])
    assert all(list(operations) == ["get"] for operations in document["paths"].values())
    parameters = document["paths"]["/api/v1/publications/"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["q", "topic", "year", "member", "page", "page_size"]


@pytest.mark.parametrize(
    ("url", "heading", "words"),
    [
        ("/fr/api/", "API de données ouvertes", "Paramètres"),
        ("/en/api/", "Open data API", "Parameters"),
    ],
)
def test_the_documentation_page(client, django_assert_num_queries, url, heading, words):
    MemberFactory()
    with django_assert_num_queries(0):
        response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert words in html
    for path in OPERATIONS:
        assert f"<code>{path}</code>" in html
    assert 'id="schema-Member"' in html and 'href="#schema-MemberPage"' in html


@pytest.mark.parametrize("url", ["/fr/api/", "/en/api/"])
def test_the_documentation_page_keeps_to_the_strict_policy(client, url):
    response = client.get(url)
    html = response.content.decode()

    assert "style=" not in html
    assert "<style" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'\bsrc="/static/', tag) for tag in scripts), scripts
    addresses = re.findall(r'(?:href|src)="([^"]*)"', html)
    elsewhere = [a for a in addresses if re.match(r"(?:[a-z]+:)?//", a)]
    assert all(a.startswith("http://testserver/") for a in elsewhere), elsewhere
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("language", "page"), [("fr", "/fr/api/"), ("en", "/en/api/")])
def test_the_docs_address_leads_to_the_page_in_the_visitors_language(client, language, page):
    response = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 302
    assert response["Location"] == page

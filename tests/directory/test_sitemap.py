"""/sitemap.xml and /robots.txt: what search engines are told about the site."""

from xml.etree import ElementTree

import pytest

from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each address listed, with its alternates by hreflang."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    urlset = ElementTree.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in urlset.iter(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_public_page_in_both_languages_with_alternates(client):
    topic = ResearchTopicFactory(slug="continu")
    member = MemberFactory(slug="ada-lovelace")
    publication = PublicationFactory(authors=[member])
    publication.topics.set([topic])

    urls = sitemap(client)

    base = "http://testserver"
    pairs = [
        ("/fr/membres/", "/en/members/"),
        ("/fr/sujets/", "/en/topics/"),
        ("/fr/publications/", "/en/publications/"),
        ("/fr/membres/ada-lovelace/", "/en/members/ada-lovelace/"),
        ("/fr/sujets/continu/", "/en/topics/continu/"),
        (f"/fr/publications/{publication.slug}/", f"/en/publications/{publication.slug}/"),
    ]
    assert len(urls) == 2 * len(pairs)
    for french, english in pairs:
        expected = {"fr": base + french, "en": base + english, "x-default": base + french}
        assert urls[base + french] == expected
        assert urls[base + english] == expected


def test_sitemap_leaves_out_unpublished_profiles_and_publications(client):
    hidden = MemberFactory(slug="cache", is_published=False)
    draft = PublicationFactory(authors=[hidden], is_published=False)

    listed = " ".join(sitemap(client))

    assert "cache" not in listed
    assert draft.slug not in listed


def test_every_sitemap_address_answers(client):
    site = populate(2)
    MemberFactory(is_published=False)

    for url in sitemap(client):
        assert client.get(url).status_code == 200, url
    assert len(sitemap(client)) == 2 * (3 + 2 + 2 + len(site.publications))


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("records", [1, 30])
def test_sitemap_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    populate(records)

    with django_assert_max_num_queries(7):
        response = client.get("/sitemap.xml")
    assert response.content.decode().count("<url>") == 2 * (3 + 3 * records)

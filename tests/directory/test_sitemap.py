"""/sitemap.xml and /robots.txt: what search engines are told about the site. The sitemap is
an index of section pages, each within the protocol's limits (sitemaps.org)."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from directory.sitemaps import SITEMAPS, TranslatedSitemap
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# sitemaps.org: at most 50,000 addresses and 50 MB (52,428,800 bytes) per file, index included.
MAX_URLS = 50_000
MAX_BYTES = 52_428_800


def get_xml(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml"
    assert len(response.content) <= MAX_BYTES
    return ElementTree.fromstring(response.content)


def index_pages(client) -> list[str]:
    """The section pages the index names, as paths."""
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    pages = [urlsplit(loc.text) for loc in index.iter(f"{SITEMAP}loc")]
    assert len(pages) <= MAX_URLS
    return [page.path + (f"?{page.query}" if page.query else "") for page in pages]


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each address listed on every page of the index, with its alternates by hreflang."""
    urls = {}
    for page in index_pages(client):
        urlset = get_xml(client, page)
        entries = list(urlset.iter(f"{SITEMAP}url"))
        assert len(entries) <= MAX_URLS
        for url in entries:
            location = url.findtext(f"{SITEMAP}loc")
            assert location not in urls, f"{location} listed twice"
            urls[location] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    return urls


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


def test_profiles_and_publications_carry_their_last_change(client):
    member = MemberFactory(slug="ada-lovelace")
    PublicationFactory(authors=[member])

    for section in ("members", "publications"):
        urlset = get_xml(client, f"/sitemap-{section}.xml")
        dates = [url.findtext(f"{SITEMAP}lastmod") for url in urlset.iter(f"{SITEMAP}url")]
        assert dates == [timezone.localdate(member.updated_at).isoformat()] * 2


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


def test_sections_are_split_into_pages_of_at_most_limit_addresses(client, monkeypatch):
    monkeypatch.setattr(TranslatedSitemap, "limit", 4)  # two items in two languages a page
    site = populate(5)

    pages = index_pages(client)

    # Five members, topics and publications: three pages of two each.
    assert sum("sitemap-members.xml" in page for page in pages) == 3
    assert "/sitemap-publications.xml?p=3" in pages
    for page in pages:
        assert len(list(get_xml(client, page).iter(f"{SITEMAP}url"))) <= 4
    assert len(sitemap(client)) == 2 * (3 + 3 * len(site.members))
    assert client.get("/sitemap-publications.xml?p=4").status_code == 404
    assert client.get("/sitemap-publications.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_full_page_stays_within_the_protocols_limits(client):
    """The longest addresses the models allow, times a full page, fit in 50 MB."""
    member = MemberFactory(slug="m" * 80)
    PublicationFactory(authors=[member], slug="p" * 120)
    ResearchTopicFactory(slug="t" * 80)

    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        per_page = sitemap.items_per_page * len(sitemap._languages())
        assert per_page <= MAX_URLS
        urlset = client.get(f"/sitemap-{section}.xml").content
        entries = urlset.count(b"<url>")
        assert entries
        assert len(urlset) / entries * per_page <= MAX_BYTES, section


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

    with django_assert_max_num_queries(3):
        client.get("/sitemap.xml")
    for section in SITEMAPS:
        with django_assert_max_num_queries(2):
            response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
    assert response.content.decode().count("<url>") == 2 * records

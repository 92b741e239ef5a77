"""Atom feeds of the latest publications: overall, per research topic and per member."""

import re
from xml.etree import ElementTree

import pytest

from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "summary_type": entry.find(f"{ATOM}summary").get("type"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def library():
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    ada = MemberFactory(given_name="Ada", family_name="Lovelace", slug="ada-lovelace")
    bob = MemberFactory(given_name="Bob", family_name="Kahn", slug="bob-kahn")
    PublicationFactory(
        title="Continual 2024",
        year=2024,
        abstract=r"A \(7\times\) speed-up <b>really</b>.",
        authors=[ada, "Yutian Chen 0001"],
    ).topics.set([continual])
    PublicationFactory(title="Graphs 2023", year=2023, abstract="", authors=[bob])
    PublicationFactory(title="Hidden 2025", year=2025, authors=[ada], is_published=False)
    return ada, bob


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/fr/publications/feed/", ["Continual 2024", "Graphs 2023"]),
        ("/en/publications/feed/", ["Continual 2024", "Graphs 2023"]),
        ("/fr/sujets/continu/feed/", ["Continual 2024"]),
        ("/en/topics/continu/feed/", ["Continual 2024"]),
        ("/fr/membres/bob-kahn/feed/", ["Graphs 2023"]),
        ("/en/members/ada-lovelace/feed/", ["Continual 2024"]),
    ],
)
def test_feeds_list_the_latest_published_publications(client, library, url, titles):
    response = client.get(url)

    assert response.status_code == 200
    assert [entry["title"] for entry in entries(response)] == titles


def test_feed_entries_show_authors_and_the_abstract_as_text(client, library):
    [entry] = entries(client.get("/en/members/ada-lovelace/feed/"))

    assert entry["link"].startswith("http://testserver/en/publications/continual-2024")
    assert entry["author"] == "Ada Lovelace, Yutian Chen"
    assert entry["summary_type"] == "text"
    assert entry["summary"] == (
        "Ada Lovelace, Yutian Chen\nConférence fictive · 2024\n\n"
        r"A \(7\times\) speed-up <b>really</b>."
    )


def test_feed_titles_are_translated(client, library):
    french = ElementTree.fromstring(client.get("/fr/membres/ada-lovelace/feed/").content)
    english = ElementTree.fromstring(client.get("/en/members/ada-lovelace/feed/").content)

    assert french.findtext(f"{ATOM}title") == "Dernières publications de Ada Lovelace"
    assert english.findtext(f"{ATOM}title") == "Latest publications of Ada Lovelace"


def test_unpublished_member_and_unknown_topic_have_no_feed(client):
    hidden = MemberFactory(is_published=False)

    assert client.get(f"/fr/membres/{hidden.slug}/feed/").status_code == 404
    assert client.get("/fr/sujets/inconnu/feed/").status_code == 404


def test_pages_announce_their_feeds(client, library):
    expectations = {
        "/fr/publications/": ["/fr/publications/feed/"],
        "/fr/membres/ada-lovelace/": ["/fr/publications/feed/", "/fr/membres/ada-lovelace/feed/"],
        "/en/topics/continu/": ["/en/publications/feed/", "/en/topics/continu/feed/"],
    }
    for url, feeds in expectations.items():
        html = client.get(url).content.decode()
        announced = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            html,
        )
        assert announced == feeds, url


@pytest.mark.parametrize("records", [1, 30])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    site = populate(records)

    for url in (
        "/fr/publications/feed/",
        f"/fr/sujets/{site.topic.slug}/feed/",
        f"/en/members/{site.member.slug}/feed/",
    ):
        with django_assert_max_num_queries(3):
            response = client.get(url)
        assert len(entries(response)) == min(records, 20), url

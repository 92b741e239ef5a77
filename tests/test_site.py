"""What every page of the public site shares: languages, page chrome, speed, the seed profile."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string

from tests.factories import MemberFactory
from tests.pages import card_names, page_text, publication_titles
from tests.site_factories import populate

pytestmark = pytest.mark.django_db


def every_page(site) -> list[tuple[str, str]]:
    """(French URL, English URL) of every kind of public page, filters included."""
    member, topic, publication = site.member, site.topic, site.publication
    return [
        ("/fr/membres/", "/en/members/"),
        (
            f"/fr/membres/?topic={topic.slug}&type=membre-affilie&q=prenom",
            f"/en/members/?topic={topic.slug}&type=membre-affilie&q=prenom",
        ),
        (f"/fr/membres/{member.slug}/", f"/en/members/{member.slug}/"),
        ("/fr/sujets/", "/en/topics/"),
        (f"/fr/sujets/{topic.slug}/", f"/en/topics/{topic.slug}/"),
        ("/fr/publications/", "/en/publications/"),
        (
            f"/fr/publications/?topic={topic.slug}&year=2000&member={member.slug}",
            f"/en/publications/?topic={topic.slug}&year=2000&member={member.slug}",
        ),
        (f"/fr/publications/{publication.slug}/", f"/en/publications/{publication.slug}/"),
        ("/fr/experts/?q=fictif", "/en/experts/?q=fictif"),
        (f"/fr/membres/{member.slug}/reseau/", f"/en/members/{member.slug}/network/"),
    ]


# --- Languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-CA,en;q=0.9", "/en/"),
        ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"),
        ("de-DE", "/fr/"),
        ("", "/fr/"),
    ],
)
def test_root_redirects_by_browser_language_french_by_default(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response.url == expected


def test_each_language_home_leads_to_its_directory(client):
    assert client.get("/fr/", follow=True).redirect_chain[-1][0] == "/fr/membres/"
    assert client.get("/en/", follow=True).redirect_chain[-1][0] == "/en/members/"


def test_every_page_exists_in_both_languages_and_links_to_the_other(client):
    site = populate(1)

    for french, english in every_page(site):
        for url, lang, other in [(french, "fr", english), (english, "en", french)]:
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert f'<html lang="{lang}">' in html, url
            # The switcher and the alternates keep the visitor on the same page and filters.
            assert f'href="{other.replace("&", "&amp;")}"' in html, url
            for code, alternate in [("fr", french), ("en", english)]:
                absolute = "http://testserver" + alternate.replace("&", "&amp;")
                assert f'<link rel="alternate" hreflang="{code}" href="{absolute}">' in html, url


def test_a_full_paste_keeps_its_text_in_the_other_language_but_a_crafted_address_does_not(client):
    populate(1)
    pasted = "Généralisation à l'échelle des réseaux de neurones, apprentissage. " * 60
    crafted = "apprentissage profond " * 1_000  # 22,000 characters: no form sends that

    kept = client.get("/fr/experts/", {"q": pasted[:4_000]}).content.decode()
    dropped = client.get("/fr/experts/", {"q": crafted}).content.decode()

    # A paste as long as the form allows still switches language with its text.
    assert re.search(r'<link rel="alternate" hreflang="en" href="[^"]*/en/experts/\?q=G', kept)
    # A link as long as the crafted address would be refused by the server it points to:
    # the other language's finder, empty, and no link anywhere near that long.
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/experts/">' in dropped
    assert 'href="/en/experts/"' in dropped
    assert max(len(link) for link in re.findall(r'href="([^"]*)"', dropped)) < 100
    assert "apprentissage profond apprentissage" in dropped  # the text read, still shown


def test_every_page_has_its_own_title_and_description(client):
    site = populate(1)
    titles, descriptions = set(), set()

    for french, english in every_page(site):
        for url in (french, english):
            html = client.get(url).content.decode()
            title = re.search(r"<title>([^<]+)</title>", html).group(1)
            description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
            assert title.strip() and description.strip(), url
            titles.add(title)
            descriptions.add(description)

    # The filtered directory and list share their page's title; every other page differs.
    assert len(titles) == 16
    assert len(descriptions) >= 10


def test_profile_title_names_the_member(client):
    member = MemberFactory(given_name="Razvan", family_name="Pascanu")

    html = client.get(member.get_absolute_url()).content.decode()

    assert "<title>Razvan Pascanu · Annuaire de l’institut</title>" in html
    assert 'content="Razvan Pascanu, membre affilié — Professeure titulaire' in html


def test_no_inline_script_or_style_anywhere(client):
    site = populate(2)

    for french, english in every_page(site):
        for url in (french, english):
            html = client.get(url).content.decode()
            # JSON-LD is data, not code: a strict CSP lets it through.
            assert not re.search(r'<script(?![^>]*\b(src=|type="application/ld\+json"))', html), url
            assert "<style" not in html, url
            assert not re.search(r"\sstyle=", html), url
            assert not re.search(r"\son[a-z]+=", html), url


def test_static_css_and_js_exist():
    assert (settings.BASE_DIR / "static/css/site.css").stat().st_size > 1000
    assert "aria-expanded" in (settings.BASE_DIR / "static/js/abstracts.js").read_text()


# --- Speed ------------------------------------------------------------------------------------

# The most queries each page may run, whatever the number of records.
MAX_QUERIES = {
    "/fr/membres/": 5,
    "/fr/membres/?topic": 7,
    # The member with card data, topics, the publications' count, the page's ids, then their
    # rows, authors, similar members.
    "/fr/membres/<slug>/": 7,
    "/fr/sujets/": 1,
    # The topic (with its number of members on PostgreSQL), its members' first ids, those
    # members and their topics, their number on SQLite, the publications' first ids and their
    # number (both from the topic's entries), their rows and authors.
    "/fr/sujets/<slug>/": 9,
    "/fr/publications/": 6,
    # The page's ids first, then their rows.
    "/fr/publications/?topic": 10,
    # The publication, its authors, its topics and its releases (versions).
    "/fr/publications/<slug>/": 4,
    # Terms, topics, vocabulary, ranking, members and topics, relevant publications (PostgreSQL).
    "/fr/experts/?q": 8,
    # The member, no network counted ahead, the co-authors counted, the latest joint paper of
    # those on the page.
    "/fr/membres/<slug>/reseau/": 4,
}


@pytest.mark.parametrize("records", [1, 30])
def test_every_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    site = populate(records)

    for (url, _english), limit in zip(every_page(site), MAX_QUERIES.values(), strict=True):
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url
    # The pages really list the records, so that the limits hold for full pages.
    assert len(card_names(client.get("/fr/membres/"))) == min(records, 24)
    assert len(publication_titles(client.get("/fr/publications/"))) == min(records, 20)
    profile = client.get(site.member.get_absolute_url())
    assert len(publication_titles(profile)) == min(records, 10)


def test_templates_run_no_query(client, django_assert_num_queries):
    site = populate(3)

    for url, _english in every_page(site):
        response = client.get(url)
        context = {
            key: value for layer in response.context for key, value in layer.flatten().items()
        }
        with django_assert_num_queries(0):
            html = render_to_string(response.templates[0].name, context, response.wsgi_request)
        assert html.count("<h1") == 1, url


# --- Translations -----------------------------------------------------------------------------


def test_french_catalog_translates_every_string():
    path = Path(settings.BASE_DIR, "locale/fr/LC_MESSAGES/django.po")
    with path.open("rb") as po:
        catalog = read_po(po)

    assert not catalog.fuzzy
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert untranslated == []


def test_english_catalog_translates_the_addresses():
    path = Path(settings.BASE_DIR, "locale/en/LC_MESSAGES/django.po")
    with path.open("rb") as po:
        catalog = read_po(po)

    assert catalog.get("membres/").string == "members/"
    assert catalog.get("sujets/<slug:slug>/").string == "topics/<slug:slug>/"


# --- The seed profile -------------------------------------------------------------------------

SEED_TOPICS_FR = [
    "Apprentissage à quelques exemples",
    "Apprentissage continu",
    "Apprentissage de représentations",
    "Apprentissage par renforcement",
    "Apprentissage profond",
    "Apprentissage profond géométrique",
    "Apprentissage tout au long de la vie",
    "Généralisation",
    "Interprétabilité mécanistique",
    "Optimisation",
    "Réseaux de neurones",
    "Réseaux de neurones en graphes",
    "Réseaux de neurones profonds",
    "Réseaux de neurones récurrents",
    "Théorie de l'apprentissage automatique",
]


def test_the_seed_profile_shows_everything_the_seed_page_shows(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    url = "/fr/membres/razvan-pascanu/"
    first = client.get(url)
    html = first.content.decode()
    text = page_text(first)
    assert "Razvan Pascanu" in text
    assert "Membre affilié" in text
    assert "Chercheur scientifique principal, Google DeepMind" in text
    assert "Portrait de Razvan Pascanu" in html
    topics = re.search(r'id="topics-title".*?</section>', html, re.S).group(0)
    shown = [
        t.replace("&#x27;", "'") for t in re.findall(r'class="tag tag--link"[^>]*>([^<]+)<', topics)
    ]
    assert shown == SEED_TOPICS_FR
    assert ">voir plus</button>" in html
    assert "Publications (12)" in text

    titles = []
    for page in range(1, 3):
        titles += publication_titles(client.get(url, {"page": page}))
    assert len(titles) == len(set(titles)) == 12
    assert "Loss Smoothing for Continual Adaptation" in titles
    assert "Perplexity Cannot Always Tell Right from Wrong" in titles

    english = client.get("/en/members/razvan-pascanu/")
    english_text = page_text(english)
    assert "Affiliate member" in english_text
    assert ">see more</button>" in english.content.decode()
    assert "Publications (12)" in english_text

"""Text in another language than the page's carries `lang` (WCAG 3.1.2): titles and abstracts
by their known language, biographies and positions shown in the fallback language."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Member
from publications.models import Publication
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<h3 class="publication__title" id="publication-\d+-title"([^>]*)>')
ABSTRACT_PARTS = re.compile(r'<span class="abstract__(?:head|tail)"([^>]*)>')


def test_every_english_title_and_abstract_of_the_seed_profile_is_marked_on_french_pages(client):
    call_command("load_demo", stdout=StringIO())
    seed = Member.objects.get(slug="razvan-pascanu")

    titles, abstracts = [], []
    for page in (1, 2):
        html = client.get(f"/fr/membres/{seed.slug}/", {"page": page}).content.decode()
        titles += TITLE.findall(html)
        abstracts += ABSTRACT_PARTS.findall(html)

    assert len(titles) == 12
    assert all(' lang="en"' in attributes for attributes in titles), titles
    with_abstract = Publication.objects.on_profile_of(seed).exclude(abstract="").count()
    assert len([a for a in abstracts if ' lang="en"' in a]) == len(abstracts) >= with_abstract


def test_english_pages_do_not_mark_english(client):
    call_command("load_demo", stdout=StringIO())

    html = client.get("/en/members/razvan-pascanu/").content.decode()

    assert TITLE.findall(html)
    assert ' lang="en"' not in html.split("<main", 1)[1]


def test_a_french_title_is_marked_on_english_pages(client):
    publication = PublicationFactory(
        title="Sur la généralisation hors distribution",
        abstract="Nous étudions une méthode inventée et montrons qu'elle aide parfois.",
    )
    publication.title_language = publication.abstract_language = "fr"
    publication.save()

    listing = client.get("/en/publications/").content.decode()
    page = client.get(f"/en/publications/{publication.slug}/").content.decode()
    french = client.get(f"/fr/publications/{publication.slug}/").content.decode()

    assert re.search(r'<h3 class="publication__title"[^>]* lang="fr">', listing)
    assert re.search(r'<h1 id="publication-\d+-title" lang="fr">', page)
    assert '<div class="prose abstract-full" lang="fr">' in page
    assert ' lang="fr"' not in french.split("<main", 1)[1]


def test_a_biography_and_position_shown_in_the_fallback_language_are_marked(client):
    member = MemberFactory(
        bio_fr="Biographie fictive en français.",
        bio_en="",
        position_title_fr="Professeure titulaire",
        position_title_en="",
    )

    english = client.get(f"/en/members/{member.slug}/").content.decode()
    french = client.get(f"/fr/membres/{member.slug}/").content.decode()

    assert '<div class="prose" lang="fr"><p>Biographie fictive en français.</p></div>' in english
    assert re.search(r'<p class="profile__position" lang="fr">\s*Professeure titulaire', english)
    assert '<div class="prose"><p>Biographie fictive en français.</p></div>' in french

"""Name search on the directory and word search on the publication list: accents and case
ignored everywhere, typos forgiven and words stemmed on PostgreSQL."""

import pytest
from django.db import connection

from tests.factories import MemberFactory, PublicationFactory
from tests.pages import card_names, publication_titles

pytestmark = pytest.mark.django_db

DIRECTORY = "/fr/membres/"
PUBLICATIONS = "/fr/publications/"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and typos need PostgreSQL"
)


@pytest.fixture
def people():
    MemberFactory(given_name="João", family_name="Gonçalves")
    MemberFactory(given_name="Razvan", family_name="Pascanu")
    MemberFactory(given_name="Émile", family_name="Zaïdi")


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("joao", ["João Gonçalves"]),
        ("GONCALVES", ["João Gonçalves"]),
        ("émile zaidi", ["Émile Zaïdi"]),
        ("pascanu razvan", ["Razvan Pascanu"]),
        ("pasc", ["Razvan Pascanu"]),
    ],
)
def test_name_search_ignores_accents_case_and_word_order(client, people, typed, found):
    assert card_names(client.get(DIRECTORY, {"q": typed})) == found


def test_name_search_pages_list_the_members_by_name(client, settings):
    # Created in the reverse of their names' order: the pages follow the names, not the ids.
    settings.DIRECTORY_PAGE_SIZE = 2
    for family in ("Roux", "Martin", "Lefebvre", "Dubois", "Bernard"):
        MemberFactory(given_name="Camille", family_name=family)
    MemberFactory(given_name="Alix", family_name="Arnaud")

    pages = [card_names(client.get(DIRECTORY, {"q": "camille", "page": n})) for n in (1, 2, 3)]

    assert pages == [
        ["Camille Bernard", "Camille Dubois"],
        ["Camille Lefebvre", "Camille Martin"],
        ["Camille Roux"],
    ]


def test_name_search_finds_nobody_for_an_unknown_name(client, people):
    response = client.get(DIRECTORY, {"q": "wxyzzy"})

    assert card_names(response) == []
    assert "Aucun membre ne correspond à ces filtres." in response.content.decode()


@on_postgresql
def test_name_search_forgives_a_typo_on_postgresql(client, people):
    assert card_names(client.get(DIRECTORY, {"q": "pascanou"})) == ["Razvan Pascanu"]


@pytest.fixture
def papers():
    PublicationFactory(title="Généralisation des réseaux récurrents", abstract="")
    PublicationFactory(title="Sparse attention", abstract="We study généralisation bounds.")
    PublicationFactory(title="Graphes et causalité", abstract="Aucun rapport.")


def test_word_search_ignores_accents_and_covers_the_abstract(client, papers):
    titles = publication_titles(client.get(PUBLICATIONS, {"q": "generalisation"}))

    assert sorted(titles) == ["Généralisation des réseaux récurrents", "Sparse attention"]


def test_word_search_needs_every_word(client, papers):
    titles = publication_titles(client.get(PUBLICATIONS, {"q": "graphes causalite"}))

    assert titles == ["Graphes et causalité"]
    assert publication_titles(client.get(PUBLICATIONS, {"q": "graphes sparse"})) == []


@on_postgresql
def test_word_search_ranks_title_matches_first_on_postgresql(client, papers):
    titles = publication_titles(client.get(PUBLICATIONS, {"q": "généralisation"}))

    assert titles == ["Généralisation des réseaux récurrents", "Sparse attention"]


@on_postgresql
def test_word_search_stems_french_and_english_on_postgresql(client):
    PublicationFactory(title="Réseaux récurrents profonds", abstract="")
    PublicationFactory(title="Learning sparse networks", abstract="")

    assert publication_titles(client.get(PUBLICATIONS, {"q": "réseau récurrent"})) == [
        "Réseaux récurrents profonds"
    ]
    assert publication_titles(client.get(PUBLICATIONS, {"q": "network learned"})) == [
        "Learning sparse networks"
    ]

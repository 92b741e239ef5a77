"""The directory, profiles and topic pages as a visitor sees them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    MemberFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
    UserFactory,
)
from tests.pages import card_names, page_text

pytestmark = pytest.mark.django_db

DIRECTORY = "/fr/membres/"


def academic_type():
    return MembershipTypeFactory(
        slug="membre-academique", name_fr="Membre académique", name_en="Academic member"
    )


# --- The directory ----------------------------------------------------------------------------


def test_directory_shows_a_card_per_published_member(client):
    deepmind = OrganisationFactory(name="Google DeepMind")
    MemberFactory(
        given_name="Razvan",
        family_name="Pascanu",
        organisation=deepmind,
        position_title_fr="Chercheur scientifique principal",
        research_topics=[ResearchTopicFactory(name_fr="Apprentissage continu")],
    )
    MemberFactory(given_name="Caché", family_name="Brouillon", is_published=False)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    text = page_text(response)
    assert card_names(response) == ["Razvan Pascanu"]
    assert "Membre affilié" in text
    assert "Chercheur scientifique principal, Google DeepMind" in text
    assert "Apprentissage continu" in text
    assert "1 membre" in text
    assert "Brouillon" not in text
    assert 'href="/fr/membres/razvan-pascanu/"' in response.content.decode()


def test_cards_read_what_they_show_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    # Cards read only what they show (members.models.querysets.CARD_FIELDS): a portrait or a
    # position shown in the other language must not cost a query per card.
    topic = ResearchTopicFactory(name_fr="Optimisation", slug="optimisation")
    lists = [DIRECTORY, "/en/members/", "/fr/sujets/optimisation/", "/en/topics/optimisation/"]
    MemberFactory(given_name="Alix", family_name="Arnaud", research_topics=[topic])
    with CaptureQueriesContext(connection) as plain:
        for address in lists:
            client.get(address)
    for n in range(3):
        MemberFactory(
            given_name="Camille",
            family_name=f"Nom{n}",
            portrait=f"portraits/camille-{n}.jpg",
            position_title_fr="Professeure associée",
            position_title_en="",
            research_topics=[topic],
        )

    with django_assert_num_queries(len(plain)):
        pages = [client.get(address).content.decode() for address in lists]

    for page in pages:
        assert re.search(r'<img class="portrait" src="[^"]*/portraits/camille-2\.jpg"', page)
        assert "Professeure associée" in page


def test_directory_lists_members_by_family_name_ignoring_accents(client):
    for given, family in [("Alain", "Zola"), ("Zoé", "Aubert"), ("Élodie", "Écuyer")]:
        MemberFactory(given_name=given, family_name=family)
    MemberFactory(given_name="Bruno", family_name="Durand")

    names = card_names(client.get(DIRECTORY))

    assert names == ["Zoé Aubert", "Bruno Durand", "Élodie Écuyer", "Alain Zola"]


def test_two_topics_narrow_the_directory_to_members_having_both(client):
    continual, deep = ResearchTopicFactory(slug="continu"), ResearchTopicFactory(slug="profond")
    MemberFactory(given_name="Ada", family_name="Both", research_topics=[continual, deep])
    MemberFactory(given_name="Bea", family_name="Continual", research_topics=[continual])
    MemberFactory(given_name="Cy", family_name="Deep", research_topics=[deep])

    response = client.get(DIRECTORY, {"topic": ["continu", "profond"]})

    assert card_names(response) == ["Ada Both"]
    assert "1 membre" in page_text(response)
    html = response.content.decode()
    assert re.search(r'value="continu" id="topic-continu" checked', html)
    assert re.search(r'value="profond" id="topic-profond" checked', html)


def test_facet_counts_describe_the_current_result_set(client):
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    deep = ResearchTopicFactory(slug="profond", name_fr="Apprentissage profond")
    graphs = ResearchTopicFactory(slug="graphes", name_fr="Graphes")
    MemberFactory(research_topics=[continual, deep])
    MemberFactory(research_topics=[continual, graphs])
    MemberFactory(research_topics=[continual])
    MemberFactory(research_topics=[deep])

    everyone = page_text(client.get(DIRECTORY))
    assert "Apprentissage continu (3)" in everyone
    assert "Apprentissage profond (2)" in everyone
    assert "Graphes (1)" in everyone

    continual_only = page_text(client.get(DIRECTORY, {"topic": "continu"}))
    assert "3 membres" in continual_only
    assert "Apprentissage continu (3)" in continual_only
    assert "Apprentissage profond (1)" in continual_only
    assert "Graphes (1)" in continual_only


def test_directory_filters_by_membership_type(client):
    academic = academic_type()
    MemberFactory(given_name="Ana", family_name="Academic", membership_type=academic)
    MemberFactory(given_name="Ali", family_name="Affiliate")

    response = client.get(DIRECTORY, {"type": "membre-academique"})

    assert card_names(response) == ["Ana Academic"]
    assert re.search(r'<option value="membre-academique" selected>', response.content.decode())


@pytest.mark.parametrize("query", ["joao", "JOÃO", "silva", "joão silva", "  Joao   SILVA "])
def test_name_search_ignores_case_and_accents(client, query):
    MemberFactory(given_name="João", family_name="Silva")
    MemberFactory(given_name="Razvan", family_name="Pascanu")

    response = client.get(DIRECTORY, {"q": query})

    assert card_names(response) == ["João Silva"]


def test_name_search_finds_a_family_name(client):
    MemberFactory(given_name="João", family_name="Silva")
    MemberFactory(given_name="Razvan", family_name="Pascanu")

    assert card_names(client.get(DIRECTORY, {"q": "pascanu"})) == ["Razvan Pascanu"]


def test_pagination_keeps_the_filters(client, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    topic = ResearchTopicFactory(slug="continu")
    for n in range(5):
        MemberFactory(family_name=f"Membre{n}", research_topics=[topic])
    MemberFactory(family_name="Ailleurs")

    first = client.get(DIRECTORY, {"topic": "continu"})
    html = first.content.decode()
    assert "Page 1 sur 3" in page_text(first)
    assert 'href="?topic=continu&amp;page=2"' in html

    third = client.get(DIRECTORY, {"topic": "continu", "page": "3"})
    assert [name.split()[-1] for name in card_names(third)] == ["Membre4"]
    assert 'href="?topic=continu&amp;page=2"' in third.content.decode()
    assert "Ailleurs" not in page_text(third)


def test_no_result_offers_to_clear_the_filters(client):
    MemberFactory(given_name="Razvan", family_name="Pascanu")

    response = client.get(DIRECTORY, {"q": "personne"})

    text = page_text(response)
    assert "0 membre" in text
    assert "Aucun membre ne correspond à ces filtres." in text
    assert '<a class="button" href="/fr/membres/">' in response.content.decode()


def test_a_chosen_topic_stays_tickable_when_nothing_matches(client):
    topic = ResearchTopicFactory(slug="continu")
    MemberFactory(given_name="Razvan", family_name="Pascanu", research_topics=[topic])

    response = client.get(DIRECTORY, {"topic": "continu", "q": "personne"})

    assert re.search(r'value="continu" id="topic-continu" checked', response.content.decode())


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "n-existe-pas"},
        {"topic": "../../etc/passwd"},
        {"type": "inconnu"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1\x00"},
        {"q": "x" * 5000},
        {"q": "Ra\x00zvan"},
        {"q": "\x01\x02\x1b[31m\x7f"},
        {"topic": "\x00", "type": "\x00"},
        {"q\x00": "x"},
    ],
)
def test_invalid_parameters_never_break_the_directory(client, params):
    MemberFactory(given_name="Razvan", family_name="Pascanu")

    response = client.get(DIRECTORY, params)

    assert response.status_code == 200
    assert "<h1>Membres</h1>" in response.content.decode()


def test_an_unknown_topic_is_ignored_and_the_known_one_kept(client):
    topic = ResearchTopicFactory(slug="continu")
    MemberFactory(given_name="Ada", family_name="Topic", research_topics=[topic])
    MemberFactory(given_name="Bob", family_name="Other")

    response = client.get(DIRECTORY, {"topic": ["continu", "n-existe-pas"]})

    assert card_names(response) == ["Ada Topic"]


def test_an_unknown_type_is_explained(client):
    MemberFactory()

    text = page_text(client.get(DIRECTORY, {"type": "inconnu"}))

    assert "Ce type de membre n’existe pas ; il a été ignoré." in text
    assert "1 membre" in text


def test_a_page_beyond_the_end_shows_the_last_page(client, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(3):
        MemberFactory(family_name=f"Membre{n}")

    assert len(card_names(client.get(DIRECTORY, {"page": "99999"}))) == 1


def test_directory_in_english(client):
    topic = ResearchTopicFactory(slug="continu", name_en="Continual learning")
    MemberFactory(research_topics=[topic], position_title_en="Full professor")

    response = client.get("/en/members/")

    text = page_text(response)
    assert response.status_code == 200
    assert "<h1>Members</h1>" in response.content.decode()
    assert "Affiliate member" in text
    assert "Full professor" in text
    assert "Continual learning (1)" in text
    assert "1 member" in text


# --- The profile ------------------------------------------------------------------------------


@pytest.fixture
def razvan():
    deepmind = OrganisationFactory(name="Google DeepMind")
    return MemberFactory(
        given_name="Razvan",
        family_name="Pascanu",
        organisation=deepmind,
        position_title_fr="Chercheur scientifique principal",
        position_title_en="Principal research scientist",
        bio_fr="Il travaille sur l’apprentissage continu.",
        bio_en="He works on continual learning.",
        website="https://razp.example.org/",
        email="razvan@example.org",
        orcid="0000-0002-1825-0097",
        google_scholar_id="eSPY8LwAAAAJ",
        dblp_pid="65/8368",
        github_username="razp",
        research_topics=[
            ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu"),
            ResearchTopicFactory(slug="quelques", name_fr="Apprentissage à quelques exemples"),
        ],
    )


def test_profile_shows_who_the_member_is(client, razvan):
    response = client.get("/fr/membres/razvan-pascanu/")

    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert "<h1" in html and "Razvan Pascanu</h1>" in html
    assert "Membre affilié" in text
    assert "Chercheur scientifique principal, Google DeepMind" in text
    assert "Il travaille sur l’apprentissage continu." in text
    assert 'role="img" aria-label="Portrait de Razvan Pascanu">RP</span>' in html
    # Topics in reading order (accents ignored), each leading to the filtered directory.
    assert text.index("Apprentissage à quelques exemples") < text.index("Apprentissage continu")
    assert 'href="/fr/membres/?topic=continu"' in html
    assert 'href="/fr/membres/?topic=quelques"' in html


def test_profile_links(client, razvan):
    html = client.get("/fr/membres/razvan-pascanu/").content.decode()

    for url in [
        "https://razp.example.org/",
        "mailto:razvan@example.org",
        "https://orcid.org/0000-0002-1825-0097",
        "https://scholar.google.com/citations?user=eSPY8LwAAAAJ",
        "https://dblp.org/pid/65/8368.html",
        "https://github.com/razp",
    ]:
        assert f'href="{url}"' in html


def test_profile_without_links_has_no_links_section(client):
    member = MemberFactory()

    assert "Liens" not in page_text(client.get(member.get_absolute_url()))


def test_profile_lists_publications_newest_first_unknown_dates_last(client, razvan):
    PublicationFactory(title="Ancien", year=2015, authors=[razvan])
    PublicationFactory(title="Sans date", year=None, authors=[razvan])
    PublicationFactory(title="Récent", year=2024, authors=[razvan])
    PublicationFactory(title="Pas de lui", year=2025, authors=["Quelqu’un"])
    PublicationFactory(title="Brouillon", year=2025, authors=[razvan], is_published=False)

    text = page_text(client.get("/fr/membres/razvan-pascanu/"))

    assert "Publications (3)" in text
    assert text.index("Récent") < text.index("Ancien") < text.index("Sans date")
    assert "Pas de lui" not in text
    assert "Brouillon" not in text


def test_publication_entry_shows_authors_venue_and_year(client, razvan):
    colleague = MemberFactory(given_name="Clare", family_name="Lyle")
    hidden = MemberFactory(given_name="Caché", family_name="Brouillon", is_published=False)
    publication = PublicationFactory(
        title="Fine-Tuned In-Context Learners",
        venue="NeurIPS",
        year=2024,
        authors=[colleague, "Yutian Chen 0001", hidden, razvan],
        authors_complete=False,
    )

    response = client.get("/fr/membres/razvan-pascanu/")

    html = response.content.decode()
    text = page_text(response)
    assert f'<a href="{publication.get_absolute_url()}">Fine-Tuned In-Context Learners</a>' in html
    assert "Clare Lyle, Yutian Chen, Caché Brouillon, Razvan Pascanu, et al." in text, (
        "authors in order, DBLP homonym number dropped, et al. when the list is incomplete"
    )
    assert '<strong class="authors__self">Razvan Pascanu</strong>' in html
    assert '<a href="/fr/membres/clare-lyle/">Clare Lyle</a>' in html
    assert "/fr/membres/cache-brouillon/" not in html
    assert "NeurIPS · 2024" in text


def test_complete_author_list_has_no_et_al(client, razvan):
    PublicationFactory(authors=[razvan, "Simon Osindero"], authors_complete=True)

    assert "et al." not in page_text(client.get("/fr/membres/razvan-pascanu/"))


LONG_ABSTRACT = (
    "Neural networks are often adapted in nonstationary data distributions settings where the "
    "objective is to optimize performance on the current task, and preserving accuracy on "
    "previous tasks is not required. As a result, existing methods primarily focus on improving "
    "plasticity, while stability is largely studied in the context of continual learning."
)


def test_long_abstract_is_folded_at_a_word_boundary_behind_voir_plus(client, razvan):
    publication = PublicationFactory(abstract=LONG_ABSTRACT, authors=[razvan])

    html = client.get("/fr/membres/razvan-pascanu/").content.decode()

    head = re.search(r'class="abstract__head">([^<]*)</span>', html).group(1)
    tail = re.search(r'class="abstract__tail" id="([^"]+)">([^<]*)</span>', html)
    assert 150 <= len(head) <= 200
    assert LONG_ABSTRACT.startswith(head) and LONG_ABSTRACT[len(head)] == " "
    assert (head + tail.group(2)) == LONG_ABSTRACT, "the whole abstract is in the page"
    button = re.search(r"<button[^>]*>([^<]*)</button>", html)
    assert button.group(1) == "voir plus"
    assert 'type="button"' in button.group(0)
    assert 'aria-expanded="false"' in button.group(0)
    assert f'aria-controls="{tail.group(1)}"' in button.group(0)
    assert 'data-label-less="voir moins"' in button.group(0)
    assert f'id="publication-{publication.pk}-title"' in html


def test_short_or_missing_abstracts_have_no_button(client, razvan):
    PublicationFactory(title="Court", abstract="A short abstract.", authors=[razvan])
    PublicationFactory(title="Vide", abstract="", authors=[razvan])

    response = client.get("/fr/membres/razvan-pascanu/")

    assert "<button" not in response.content.decode().split('id="publications"')[1]
    assert "A short abstract." in page_text(response)


def test_profile_publications_are_paginated(client, razvan, settings):
    settings.PROFILE_PUBLICATIONS_PAGE_SIZE = 10
    for year in range(2000, 2012):
        PublicationFactory(title=f"Article de {year}", year=year, authors=[razvan])

    first = client.get("/fr/membres/razvan-pascanu/")
    second = client.get("/fr/membres/razvan-pascanu/", {"page": "2"})

    first_text, second_text = page_text(first), page_text(second)
    assert "Publications (12)" in first_text
    assert "Article de 2011" in first_text and "Article de 2002" in first_text
    assert "Article de 2001" not in first_text
    assert "Article de 2001" in second_text and "Article de 2000" in second_text
    assert 'href="?page=2#publications"' in first.content.decode()
    # The member's own part of the page is on every page.
    assert "Apprentissage continu" in second_text


def test_profile_in_english(client, razvan):
    PublicationFactory(abstract=LONG_ABSTRACT, authors=[razvan])

    response = client.get("/en/members/razvan-pascanu/")

    html = response.content.decode()
    text = page_text(response)
    assert "Affiliate member" in text
    assert "Principal research scientist, Google DeepMind" in text
    assert "He works on continual learning." in text
    assert ">see more</button>" in html
    assert 'data-label-less="see less"' in html
    assert 'aria-label="Portrait of Razvan Pascanu"' in html


def test_unknown_profile_is_404(client):
    response = client.get("/fr/membres/personne/")

    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


def test_unpublished_profile_is_404_for_visitors_and_visible_to_staff(client):
    draft = MemberFactory(given_name="Draft", family_name="Member", is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(UserFactory(is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Ce profil n’est pas publié" in page_text(response)


def test_staff_see_unpublished_publications_on_a_profile(client, razvan):
    PublicationFactory(title="Brouillon", authors=[razvan], is_published=False)

    client.force_login(UserFactory(is_staff=True))

    assert "Brouillon" in page_text(client.get("/fr/membres/razvan-pascanu/"))


def test_profile_ignores_a_bad_page_number(client, razvan):
    PublicationFactory(title="Seul article", authors=[razvan])

    for page in ["abc", "0", "99999", "\x00"]:
        response = client.get("/fr/membres/razvan-pascanu/", {"page": page})
        assert response.status_code == 200
        assert "Seul article" in page_text(response)


# --- Research topics --------------------------------------------------------------------------


def test_topic_list_counts_published_members(client):
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    ResearchTopicFactory(slug="vide", name_fr="Sujet sans membre")
    MemberFactory(research_topics=[continual])
    MemberFactory(research_topics=[continual])
    MemberFactory(research_topics=[continual], is_published=False)

    response = client.get("/fr/sujets/")

    text = page_text(response)
    assert "Apprentissage continu 2 membres" in text
    assert "Sujet sans membre 0 membre" in text
    assert 'href="/fr/sujets/continu/"' in response.content.decode()


def test_topic_page_shows_its_members_and_recent_publications(client):
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    other = ResearchTopicFactory(slug="autre")
    ada = MemberFactory(given_name="Ada", family_name="Continual", research_topics=[continual])
    MemberFactory(given_name="Bob", family_name="Other", research_topics=[other])
    on_topic = PublicationFactory(title="Sur le sujet", year=2024, authors=[ada])
    on_topic.topics.set([continual])
    older = PublicationFactory(title="Plus ancien", year=2019, authors=[ada])
    older.topics.set([continual])
    PublicationFactory(title="Hors sujet", authors=[ada]).topics.set([other])

    response = client.get("/fr/sujets/continu/")

    text = page_text(response)
    assert "<h1>Apprentissage continu</h1>" in response.content.decode()
    assert card_names(response) == ["Ada Continual"]
    assert "1 membre" in text
    assert text.index("Sur le sujet") < text.index("Plus ancien")
    assert "Hors sujet" not in text


def test_topic_page_links_to_the_directory_when_it_has_many_members(client):
    topic = ResearchTopicFactory(slug="continu")
    for _ in range(25):
        MemberFactory(research_topics=[topic])

    response = client.get("/fr/sujets/continu/")

    assert len(card_names(response)) == 24
    assert "Voir les 25 membres dans l’annuaire" in page_text(response)
    assert 'href="/fr/membres/?topic=continu"' in response.content.decode()


def test_unknown_topic_is_404(client):
    assert client.get("/fr/sujets/n-existe-pas/").status_code == 404


def test_topic_pages_in_english(client):
    ResearchTopicFactory(slug="continu", name_en="Continual learning")

    assert "Continual learning" in page_text(client.get("/en/topics/"))
    assert "<h1>Continual learning</h1>" in client.get("/en/topics/continu/").content.decode()


def test_home_leads_to_the_directory(client):
    assert client.get("/fr/").url == reverse("members:directory")

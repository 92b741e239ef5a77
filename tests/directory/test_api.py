"""The open API as a client reads it: what visitors may see and nothing more, the pages'
filters, bounded pages, JSON errors, ETags, the page cache and CORS."""

import pytest
from django.core.cache import cache

from core import pagination
from publications.models import ReviewStatus
from tests.factories import (
    MemberFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def library():
    """Two members on two topics, three publications over three years."""
    continual = ResearchTopicFactory(
        slug="continu", name_fr="Apprentissage continu", name_en="Continual learning"
    )
    graphs = ResearchTopicFactory(slug="graphes", name_fr="Graphes", name_en="Graphs")
    ada = MemberFactory(given_name="Ada", family_name="Lovelace", research_topics=[continual])
    bob = MemberFactory(
        given_name="Bob",
        family_name="Kahn",
        membership_type=MembershipTypeFactory(
            slug="membre-principal", name_fr="Membre principal", name_en="Core member"
        ),
        research_topics=[graphs],
    )
    # Abstracts written here: a generated one could hold a word the searches look for.
    PublicationFactory(
        title="Continual 2024", abstract="On memory.", year=2024, authors=[ada]
    ).topics.set([continual])
    PublicationFactory(
        title="Graphs 2023", abstract="On networks.", year=2023, authors=[bob]
    ).topics.set([graphs])
    PublicationFactory(
        title="Both 2022", abstract="On both.", year=2022, authors=[bob, ada, "Outside Author"]
    )
    return ada, bob


# --- What it shows ----------------------------------------------------------------------------


def test_member_in_both_languages_with_its_links(client, library):
    response = client.get(f"{API}/members/bob-kahn")

    member = response.json()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert member["name"] == "Bob Kahn"
    assert member["membership_type"] == {
        "slug": "membre-principal",
        "name_fr": "Membre principal",
        "name_en": "Core member",
    }
    assert member["position_title_fr"] == "Professeure titulaire"
    assert member["position_title_en"] == "Full professor"
    assert member["research_topics"] == [
        {"slug": "graphes", "name_fr": "Graphes", "name_en": "Graphs"}
    ]
    assert member["page_fr"] == "http://testserver/fr/membres/bob-kahn/"
    assert member["page_en"] == "http://testserver/en/members/bob-kahn/"
    assert member["publications"] == "http://testserver/api/v1/publications/?member=bob-kahn"
    assert member["ris"] == "http://testserver/fr/membres/bob-kahn/publications.ris"


def test_publication_with_its_ordered_authors(client, library):
    response = client.get(f"{API}/publications/both-2022")

    publication = response.json()
    assert publication["title"] == "Both 2022"
    assert publication["authors"] == [
        {"position": 1, "name": "Bob Kahn", "member": "bob-kahn"},
        {"position": 2, "name": "Ada Lovelace", "member": "ada-lovelace"},
        {"position": 3, "name": "Outside Author", "member": None},
    ]
    assert publication["csl_json"] == "http://testserver/fr/publications/both-2022/cite.json"
    assert publication["releases"] == []


def test_topics_membership_types_and_organisations(client, library):
    topics = client.get(f"{API}/topics/").json()["results"]
    assert [(t["slug"], t["member_count"]) for t in topics] == [("continu", 1), ("graphes", 1)]
    assert client.get(f"{API}/topics/continu").json()["name_en"] == "Continual learning"
    assert slugs(client.get(f"{API}/membership-types/")) == ["membre-affilie", "membre-principal"]
    organisations = client.get(f"{API}/organisations/").json()["results"]
    assert len(organisations) == 2
    first = organisations[0]
    assert client.get(f"{API}/organisations/{first['id']}").json() == first


def test_the_index_names_every_list(client):
    index = client.get(f"{API}/").json()
    assert index["members"] == "http://testserver/api/v1/members/"
    assert index["membership-types"] == "http://testserver/api/v1/membership-types/"
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"


# --- Only what visitors may see: one test per rule ----------------------------------------


def test_an_unpublished_member_never_appears(client, library):
    ada, bob = library
    ada.is_published = False
    ada.save()

    assert slugs(client.get(f"{API}/members/")) == ["bob-kahn"]
    assert client.get(f"{API}/members/ada-lovelace").status_code == 404
    authors = client.get(f"{API}/publications/both-2022").json()["authors"]
    assert authors[1] == {"position": 2, "name": "Ada Lovelace", "member": None}
    assert client.get(f"{API}/publications/", {"member": "ada-lovelace"}).status_code == 400
    assert client.get(f"{API}/topics/continu").json()["member_count"] == 0


def test_the_organisation_of_only_unpublished_members_never_appears(client, library):
    MemberFactory(organisation=OrganisationFactory(name="Institut caché"), is_published=False)

    names = [o["name"] for o in client.get(f"{API}/organisations/").json()["results"]]
    assert "Institut caché" not in names and len(names) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"review_status": ReviewStatus.PENDING},
        {"review_status": ReviewStatus.REJECTED},
        {"is_published": False},
    ],
    ids=["pending", "rejected", "unpublished"],
)
def test_a_publication_visitors_may_not_see_never_appears(client, library, change):
    PublicationFactory(title="Not for visitors", slug="not-for-visitors", **change)

    assert "not-for-visitors" not in slugs(client.get(f"{API}/publications/"))
    assert client.get(f"{API}/publications/not-for-visitors").status_code == 404
    assert "not-for-visitors" not in slugs(client.get(f"{API}/publications/", {"q": "visitors"}))


def test_a_hidden_from_profile_authorship_never_appears(client, library):
    ada, _bob = library
    publication = PublicationFactory(title="Wrongly attributed", authors=["Someone", ada])
    publication.authorships.filter(member=ada).update(hidden_from_profile=True)

    theirs = slugs(client.get(f"{API}/publications/", {"member": "ada-lovelace"}))
    assert theirs == ["continual-2024", "both-2022"]
    authors = client.get(f"{API}/publications/{publication.slug}").json()["authors"]
    assert authors[1] == {"position": 2, "name": "Ada Lovelace", "member": None}


def test_a_signed_in_editor_sees_no_more_than_visitors(client, library, editor):
    ada, _bob = library
    ada.is_published = False
    ada.save()
    client.force_login(editor)

    assert slugs(client.get(f"{API}/members/")) == ["bob-kahn"]


# --- The pages' filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "continu"}, ["ada-lovelace"]),
        ({"type": "membre-principal"}, ["bob-kahn"]),
        ({"q": "lovelace"}, ["ada-lovelace"]),
        ({"topic": ["continu", "graphes"]}, []),
    ],
)
def test_members_filtered_like_the_directory(client, library, params, expected):
    assert slugs(client.get(f"{API}/members/", params)) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["continual-2024", "graphs-2023", "both-2022"]),
        ({"topic": "graphes"}, ["graphs-2023"]),
        ({"year": "2022"}, ["both-2022"]),
        ({"member": "bob-kahn"}, ["graphs-2023", "both-2022"]),
        ({"q": "continual"}, ["continual-2024"]),
    ],
)
def test_publications_filtered_like_the_list(client, library, params, expected):
    assert slugs(client.get(f"{API}/publications/", params)) == expected


# --- Pages and errors ---------------------------------------------------------------------


def test_pages_link_to_each_other(client, library):
    first = client.get(f"{API}/publications/", {"page_size": 2, "topic": "graphes"}).json()
    assert first["count"] == 1 and first["next"] is None

    first = client.get(f"{API}/publications/", {"page_size": 2}).json()
    assert (first["count"], first["count_kind"], first["num_pages"]) == (3, "exact", 2)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [p["slug"] for p in second["results"]] == ["both-2022"]
    assert second["next"] is None
    assert client.get(second["previous"]).json() == first


def test_counts_are_bounded_like_the_pages(client, library, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 1)
    page = client.get(f"{API}/publications/", {"page_size": 1, "member": "bob-kahn"}).json()
    assert (page["count"], page["count_kind"], page["num_pages"]) == (1, "more", 1)
    assert page["next"] is None


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/members/", {"page": "abc"}, 422),
        ("/members/", {"page": "0"}, 422),
        ("/members/", {"page": "101"}, 422),
        ("/members/", {"page_size": "101"}, 422),
        ("/members/", {"page": "2"}, 404),
        ("/members/", {"type": "unknown"}, 400),
        ("/members/", {"topic": ["continu", "unknown"]}, 400),
        ("/publications/", {"year": "abc"}, 422),
        ("/publications/", {"year": "1999"}, 400),
        ("/publications/", {"topic": "unknown"}, 400),
        ("/publications/unknown", {}, 404),
        ("/organisations/0", {}, 422),
        ("/organisations/99999", {}, 404),
        ("/nowhere/at/all", {}, 404),
        ("/members/a%2Fb", {}, 404),
    ],
)
def test_bad_parameters_are_a_json_client_error(client, library, path, params, status):
    response = client.get(f"{API}{path}", params)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_refused_filter_names_the_parameter_in_english(client, library):
    response = client.get(f"{API}/members/", {"type": "unknown"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.json() == {
        "detail": [
            {
                "loc": ["query", "type"],
                "msg": "Select a valid choice. That choice is not one of the available choices.",
                "type": "invalid_choice",
            }
        ]
    }


# --- HTTP: ETag, page cache, language, CORS ---------------------------------------------------


def test_an_unchanged_answer_is_a_304(client, library):
    first = client.get(f"{API}/members/")
    etag = first["ETag"]
    # Like every anonymous page: public, kept briefly by browsers, longer by shared caches.
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]

    again = client.get(f"{API}/members/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    ada, _bob = library
    ada.family_name = "Byron"
    ada.save()
    changed = client.get(f"{API}/members/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_answers_come_from_the_page_cache_until_an_edit(client, library, django_assert_num_queries):
    first = client.get(f"{API}/members/ada-lovelace")
    with django_assert_num_queries(0):
        assert client.get(f"{API}/members/ada-lovelace").content == first.content

    ada, _bob = library
    ada.given_name = "Augusta Ada"
    ada.save()
    assert client.get(f"{API}/members/ada-lovelace").json()["name"] == "Augusta Ada Lovelace"


def test_the_answer_is_the_same_in_every_language(client, library):
    french = client.get(f"{API}/topics/", HTTP_ACCEPT_LANGUAGE="fr")
    cache.clear()
    english = client.get(f"{API}/topics/", HTTP_ACCEPT_LANGUAGE="en")

    assert english.content == french.content
    assert "Accept-Language" not in english.get("Vary", "")
    assert not english.has_header("Content-Language")


def test_any_site_may_read_it_even_from_the_cache(client, library):
    client.get(f"{API}/members/")  # now in the page cache, stored without any Origin
    response = client.get(f"{API}/members/", HTTP_ORIGIN="https://example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert response["Access-Control-Expose-Headers"] == "ETag"


def test_cors_is_for_reading_the_api_only(client, library):
    preflight = client.options(
        f"{API}/members/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"

    page = client.get("/fr/membres/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page

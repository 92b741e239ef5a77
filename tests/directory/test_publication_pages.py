"""The publication list and each publication's page as a visitor sees them."""

import datetime

import pytest

from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory
from tests.pages import page_text, publication_titles

pytestmark = pytest.mark.django_db

LIST = "/fr/publications/"


@pytest.fixture
def library():
    """Three publications on two topics, by two members, over three years."""
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    graphs = ResearchTopicFactory(slug="graphes", name_fr="Graphes")
    ada = MemberFactory(given_name="Ada", family_name="Lovelace")
    bob = MemberFactory(given_name="Bob", family_name="Kahn")
    PublicationFactory(title="Continual 2024", year=2024, authors=[ada]).topics.set([continual])
    PublicationFactory(title="Graphs 2023", year=2023, authors=[bob]).topics.set([graphs])
    PublicationFactory(
        title="Both 2022", year=2022, authors=[bob, ada, "Outside Author"]
    ).topics.set([continual, graphs])
    PublicationFactory(title="Hidden 2025", year=2025, authors=[ada], is_published=False)
    return ada, bob


def test_list_shows_published_publications_newest_first(client, library):
    response = client.get(LIST)

    assert response.status_code == 200
    assert publication_titles(response) == ["Continual 2024", "Graphs 2023", "Both 2022"]
    assert "3 publications" in page_text(response)


def test_list_emphasises_no_author_and_links_members(client, library):
    html = client.get(LIST, {"year": "2022"}).content.decode()

    assert "<strong" not in html.split("<main")[1], "no member's page: nobody is emphasised"
    assert (
        '<a href="/fr/membres/bob-kahn/">Bob Kahn</a>, '
        '<a href="/fr/membres/ada-lovelace/">Ada Lovelace</a>, Outside Author</p>'
    ) in html


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"topic": "continu"}, ["Continual 2024", "Both 2022"]),
        ({"year": "2023"}, ["Graphs 2023"]),
        ({"member": "bob-kahn"}, ["Graphs 2023", "Both 2022"]),
        ({"member": "ada-lovelace", "topic": "graphes"}, ["Both 2022"]),
        ({"year": "1999"}, ["Continual 2024", "Graphs 2023", "Both 2022"]),
    ],
)
def test_list_filters_by_topic_year_and_member(client, library, params, titles):
    assert publication_titles(client.get(LIST, params)) == titles


def test_filter_form_offers_the_years_that_have_publications(client, library):
    html = client.get(LIST, {"year": "2023"}).content.decode()

    assert '<option value="2023" selected>2023</option>' in html
    assert '<option value="2024">2024</option>' in html
    assert '<option value="2025">' not in html, "only published publications' years"


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "n-existe-pas"},
        {"member": "personne"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"page": "abc"},
        {"page": "99999"},
        {"topic": "\x00", "year": "\x00", "member": "a\x00b"},
        {"member": "x" * 5000},
    ],
)
def test_invalid_parameters_never_break_the_list(client, library, params):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert len(publication_titles(response)) == 3


def test_unknown_choice_is_explained(client, library):
    text = page_text(client.get(LIST, {"topic": "n-existe-pas"}))

    assert "Ce choix n’existe pas ; il a été ignoré." in text


def test_list_paginates_keeping_filters(client):
    topic = ResearchTopicFactory(slug="continu")
    for n in range(21):
        PublicationFactory(year=2000 + n).topics.set([topic])

    html = client.get(LIST, {"topic": "continu"}).content.decode()

    assert 'href="?topic=continu&amp;page=2"' in html
    assert len(publication_titles(client.get(LIST, {"topic": "continu", "page": "2"}))) == 1


def test_empty_list_offers_to_clear_filters(client, library):
    text = page_text(client.get(LIST, {"member": "ada-lovelace", "year": "2023"}))

    assert "Aucune publication ne correspond à ces filtres." in text


def test_detail_shows_everything_about_a_publication(client):
    ada = MemberFactory(given_name="Ada", family_name="Lovelace")
    publication = PublicationFactory(
        title="Loss Smoothing for Continual Adaptation",
        abstract="A long abstract. " * 40,
        venue="ICML",
        year=2025,
        publication_date=datetime.date(2025, 7, 14),
        doi="10.1234/loss.smoothing",
        arxiv_id="2501.01234",
        pdf_url="https://example.org/loss.pdf",
        code_url="https://example.org/code",
        authors=["Yutian Chen 0001", ada],
    )
    publication.topics.set([ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")])

    response = client.get(publication.get_absolute_url())

    html = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert "<h1" in html and "Loss Smoothing for Continual Adaptation</h1>" in html
    assert "Yutian Chen, Ada Lovelace" in text
    assert '<a href="/fr/membres/ada-lovelace/">Ada Lovelace</a>' in html
    assert "ICML" in text
    assert "14 juillet 2025" in text
    assert ("A long abstract. " * 40).strip() in text, "the full abstract, not folded"
    assert "<button" not in html
    for url in [
        "https://doi.org/10.1234/loss.smoothing",
        "https://arxiv.org/abs/2501.01234",
        "https://example.org/loss.pdf",
        "https://example.org/code",
        "/fr/sujets/continu/",
    ]:
        assert f'href="{url}"' in html


def test_detail_in_english(client):
    publication = PublicationFactory(
        year=2025, publication_date=datetime.date(2025, 7, 14), authors_complete=False
    )

    response = client.get(f"/en/publications/{publication.slug}/")

    text = page_text(response)
    assert "July 14, 2025" in text
    assert "Conference paper" in text
    assert "et al." in text


def test_detail_of_unknown_or_unpublished_publication_is_404(client):
    draft = PublicationFactory(is_published=False)

    assert client.get("/fr/publications/n-existe-pas/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(UserFactory(is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Cette publication n’est pas publiée" in page_text(response)

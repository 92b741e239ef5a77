"""The discovery pages as a visitor sees them: the expert finder and a member's co-author
network, and what the profile links to."""

import re
from urllib.parse import quote

import pytest
from django.db import connection

from publications.choices import ReviewStatus
from publications.discovery.expertise import compute_expertise
from publications.discovery.finder import MAX_TEXT
from publications.discovery.similar import refresh_similar
from publications.models import Authorship
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory
from tests.pages import page_text
from tests.site_factories import populate_fields

pytestmark = pytest.mark.django_db


def network_rows(response) -> list[tuple[str, str]]:
    """(co-author, joint publications) of each row of the network table."""
    table = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    return [
        (re.sub(r"<[^>]+>", "", name).strip(), count)
        for name, count in re.findall(
            r'<th scope="row">(.*?)</th>\s*<td class="network__count">(\d+)</td>', table, re.S
        )
    ]


# --- The expert finder ------------------------------------------------------------------------


def test_the_expert_finder_answers_in_both_languages(client):
    fields = populate_fields()
    compute_expertise()
    paper, author = fields.papers[0]

    french = client.get("/fr/experts/", {"q": paper.abstract})
    english = client.get("/en/experts/", {"q": paper.abstract})

    for response in (french, english):
        assert response.status_code == 200
        first = re.search(r'class="expert__name"><a href="([^"]+)">([^<]+)</a>', response.text)
        assert first.group(2) == author.full_name
    assert "Sujets de recherche correspondants" in french.text
    assert "Most relevant publications" in english.text
    assert f'href="/fr/publications/{paper.slug}/"' in french.text


def test_the_expert_finder_without_text_shows_the_form_only(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/fr/experts/")

    assert response.status_code == 200
    assert '<textarea name="q" id="id_q"' in response.text
    assert f'maxlength="{MAX_TEXT}"' in response.text
    assert "expert__name" not in response.text


def test_a_twenty_thousand_character_paste_answers(client):
    populate_fields(members_per_field=1, papers_per_member=1)
    compute_expertise()
    paste = ("Glacier meltwater and subglacial runoff, in a fictional call. " * 400)[:20_000]

    response = client.get("/fr/experts/", {"q": paste})

    assert len(paste) == 20_000
    assert response.status_code == 200
    assert "seuls ses 4000 premiers caractères ont été lus" in page_text(response)
    assert "expert__name" in response.text


@pytest.mark.parametrize(
    "text", ["\x00glacier", "<script>glacier</script>", "'; DROP TABLE x", "∂"]
)
def test_hostile_text_answers(client, text):
    populate_fields(members_per_field=1, papers_per_member=1)
    compute_expertise()

    response = client.get("/fr/experts/", {"q": text})

    assert response.status_code == 200
    assert "<script>glacier" not in response.text


def test_no_match_says_so(client):
    populate_fields(members_per_field=1, papers_per_member=1)
    compute_expertise()

    response = client.get("/en/experts/", {"q": "zzyzx"})

    assert "No member's work matches these words." in page_text(response)


@pytest.mark.parametrize("members_per_field", [1, 4])
def test_the_expert_finder_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, members_per_field
):
    fields = populate_fields(members_per_field=members_per_field, papers_per_member=3)
    compute_expertise()
    # One paper of each field: every member has some of its words.
    papers = [paper for paper, _author in fields.papers[:: 3 * members_per_field]]
    text = " ".join(paper.abstract for paper in papers)

    # Terms of the text, the topics' fingerprint, vocabulary, ranking, members and their
    # topics, relevant publications (on SQLite, then those publications, which PostgreSQL
    # reads with them); the first request after the topics changed also reads their names and
    # parses them (two more).
    queries = 7 if connection.vendor == "postgresql" else 8
    with django_assert_max_num_queries(queries + 2):
        response = client.get("/fr/experts/", {"q": text})
    with django_assert_max_num_queries(queries):
        again = client.get("/fr/experts/", {"q": " ".join(paper.title for paper in papers)})

    for answer in (response, again):
        assert answer.status_code == 200
        assert answer.text.count('class="expert__name"') == min(12, 5 * members_per_field)


# --- The co-author network --------------------------------------------------------------------


@pytest.fixture
def network():
    ada = MemberFactory(given_name="Ada", family_name="Centre")
    bea = MemberFactory(given_name="Bea", family_name="Member")
    draft = MemberFactory(given_name="Cy", family_name="Draft", is_published=False)
    for n in range(3):
        PublicationFactory(title=f"Fictional joint paper {n}", year=2020 + n, authors=[ada, bea])
    PublicationFactory(title="With outsiders", year=2019, authors=[ada, "Dee Outsider", draft])
    PublicationFactory(
        title="Pending with Eve", authors=[ada, "Eve Pending"], review_status=ReviewStatus.PENDING
    )
    hidden = PublicationFactory(title="Not Ada's", authors=[ada, "Fay Hidden"])
    Authorship.objects.filter(publication=hidden, member=ada).update(hidden_from_profile=True)
    return ada


def test_the_network_lists_co_authors_by_joint_publications(client, network):
    response = client.get(f"/fr/membres/{network.slug}/reseau/")

    assert response.status_code == 200
    assert network_rows(response) == [("Bea Member", "3"), ("Cy Draft", "1"), ("Dee Outsider", "1")]
    html = response.text
    assert '<a href="/fr/membres/bea-member/">Bea Member</a>' in html
    # A draft profile is not linked for visitors; the latest joint paper is the newest.
    assert 'href="/fr/membres/cy-draft/"' not in html
    assert re.search(r"Fictional joint paper 2</a> \(2022\)", html)
    assert "Pending with Eve" not in html and "Fay Hidden" not in html


def test_one_co_author_printed_two_ways_is_one_row_with_the_newest_paper(client, network):
    PublicationFactory(title="Accented in 2024", year=2024, authors=[network, "Dée OUTSIDER"])
    PublicationFactory(title="Accented in 2018", year=2018, authors=[network, "Dée Outsider"])

    response = client.get(f"/fr/membres/{network.slug}/reseau/")

    assert network_rows(response) == [("Bea Member", "3"), ("Dée Outsider", "3"), ("Cy Draft", "1")]
    assert re.search(r"Accented in 2024</a> \(2024\)", response.text)


def test_staff_see_the_network_of_what_they_preview(client, network):
    client.force_login(UserFactory(username="staff", is_staff=True))

    response = client.get(f"/en/members/{network.slug}/network/")

    rows = dict(network_rows(response))
    assert rows["Eve Pending"] == "1"
    assert 'href="/en/members/cy-draft/"' in response.text


def test_the_drawing_is_an_svg_the_strict_csp_leaves_whole(client, network):
    html = client.get(f"/fr/membres/{network.slug}/reseau/").text

    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    assert 'viewBox="0 0 600 340"' in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert " style=" not in svg and "<style" not in svg and "<script" not in svg
    assert svg.count('class="network__edge"') == 3
    assert ">B. Member</text>" in svg
    # Coordinates keep their decimal point whatever the page's language.
    assert not re.search(r'\b(x|y|cx|cy|x2|y2)="\d+,\d', svg)
    widths = [float(w) for w in re.findall(r'stroke-width="([\d.]+)"', svg)]
    assert widths[0] > widths[1]  # Three joint papers draw a thicker line than one.


def test_the_profile_links_to_the_network(client, network):
    html = client.get(network.get_absolute_url()).text

    assert f'href="/fr/membres/{network.slug}/reseau/"' in html


def test_a_member_without_co_authors_has_an_empty_network(client):
    alone = MemberFactory()
    PublicationFactory(authors=[alone])

    response = client.get(f"/fr/membres/{alone.slug}/reseau/")

    assert response.status_code == 200
    assert "<svg" not in response.text
    assert "Aucun coauteur" in page_text(response)


def test_an_unpublished_members_network_is_not_found(client):
    draft = MemberFactory(is_published=False)

    assert client.get(f"/fr/membres/{draft.slug}/reseau/").status_code == 404


@pytest.mark.parametrize("records", [1, 30])
def test_the_network_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    centre = MemberFactory()
    others = [MemberFactory() for _ in range(records)]
    for n in range(records):
        PublicationFactory(authors=[centre, *others, f"Outsider {n}"])

    # The member, no network counted ahead, the co-authors counted, the latest joint paper
    # of those on the page.
    with django_assert_max_num_queries(4):
        response = client.get(f"/fr/membres/{centre.slug}/reseau/")

    assert len(network_rows(response)) == min(2 * records, 50)  # The table comes in pages.


# --- The profile with similar members ---------------------------------------------------------


@pytest.mark.parametrize("records", [1, 12])
def test_the_profile_reads_similar_members_in_one_query(
    client, django_assert_max_num_queries, records
):
    topics = [ResearchTopicFactory() for _ in range(3)]
    members = [MemberFactory(research_topics=topics) for _ in range(records + 1)]
    compute_expertise()
    refresh_similar()

    with django_assert_max_num_queries(6):
        response = client.get(members[0].get_absolute_url())

    assert response.text.count('class="similar__item"') == min(records, 6)


def test_english_page_links(client, network):
    url = f"/en/members/{network.slug}/network/"

    assert client.get(url).status_code == 200
    assert f'href="{quote(url)}"' in client.get(f"/en/members/{network.slug}/").text

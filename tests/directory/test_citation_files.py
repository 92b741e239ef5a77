"""The citation files and the Cite panel as a visitor gets them: RIS and CSL-JSON beside the
BibTeX, for a publication and for everything a member's profile lists, and the formatted
references on the publication's own page."""

import json
import re

import pytest

from publications import references
from publications.models import ReviewStatus
from tests.factories import MemberFactory, PublicationFactory, UserFactory
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

RIS = "application/x-research-info-systems; charset=utf-8"
CSL_JSON = "application/vnd.citationstyles.csl+json; charset=utf-8"


@pytest.fixture
def ada():
    return MemberFactory(given_name="Ada", family_name="Lovelace")


def ris_titles(response) -> list[str]:
    return re.findall(r"^TI  - (.*)\r$", response.content.decode(), flags=re.M)


def json_titles(response) -> list[str]:
    return [item["title"] for item in json.loads(response.content)]


def bib_titles(response) -> list[str]:
    return re.findall(r"^  title = \{\{(.*)\}\},$", response.content.decode(), flags=re.M)


@pytest.mark.parametrize(
    ("path", "content_type", "extension"),
    [
        ("/fr/publications/{slug}/cite.ris", RIS, "ris"),
        ("/en/publications/{slug}/cite.ris", RIS, "ris"),
        ("/fr/publications/{slug}/cite.json", CSL_JSON, "json"),
        ("/en/publications/{slug}/cite.json", CSL_JSON, "json"),
    ],
)
def test_a_publication_as_ris_and_csl_json(client, ada, path, content_type, extension):
    paper = PublicationFactory(title="Un article fictif", authors=[ada])

    response = client.get(path.format(slug=paper.slug))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{paper.slug}.{extension}"'
    assert "Un article fictif" in response.content.decode()


@pytest.mark.parametrize("extension", ["ris", "json"])
def test_a_publication_visitors_may_not_see_has_no_file(client, ada, extension):
    pending = PublicationFactory(authors=[ada], review_status=ReviewStatus.PENDING)
    url = f"/fr/publications/{pending.slug}/cite.{extension}"

    assert client.get(url).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_members_files_list_exactly_what_their_bibtex_lists(client, ada, language):
    PublicationFactory(title="Ancien", year=2019, authors=[ada])
    PublicationFactory(title="Récent", year=2024, authors=["Someone", ada])
    featured = PublicationFactory(title="Mis en avant", year=2015, authors=[ada])
    featured.authorships.filter(member=ada).update(featured=True)
    hidden = PublicationFactory(title="Attribué par erreur", year=2023, authors=[ada])
    hidden.authorships.filter(member=ada).update(hidden_from_profile=True)
    PublicationFactory(title="En attente", authors=[ada], review_status=ReviewStatus.PENDING)
    PublicationFactory(title="Pas le sien", authors=["Someone"])
    base = "/fr/membres/ada-lovelace" if language == "fr" else "/en/members/ada-lovelace"

    bib = client.get(f"{base}/publications.bib")
    ris = client.get(f"{base}/publications.ris")
    csl = client.get(f"{base}/publications.json")

    expected = ["Mis en avant", "Récent", "Ancien"]
    assert bib_titles(bib) == expected
    assert ris_titles(ris) == expected
    assert json_titles(csl) == expected
    assert ris["Content-Type"] == RIS and csl["Content-Type"] == CSL_JSON
    assert ris["Content-Disposition"] == 'attachment; filename="ada-lovelace-publications.ris"'
    assert csl["Content-Disposition"] == 'attachment; filename="ada-lovelace-publications.json"'


def test_an_unpublished_member_has_no_files(client):
    hidden = MemberFactory(is_published=False)

    for extension in ("ris", "json"):
        assert client.get(f"/fr/membres/{hidden.slug}/publications.{extension}").status_code == 404


@pytest.mark.parametrize("records", [1, 20])
def test_the_files_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    site = populate(records)

    for extension in ("ris", "json"):
        with django_assert_max_num_queries(2):
            response = client.get(f"/fr/publications/{site.publication.slug}/cite.{extension}")
        assert response.status_code == 200
        with django_assert_max_num_queries(3):
            response = client.get(f"/en/members/{site.member.slug}/publications.{extension}")
        assert response.status_code == 200
    assert len(json_titles(response)) == records
    assert len(json.loads(response.content)[0]["author"]) == records + 1


# --- The Cite panel ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "chicago"),
    [
        ("fr", "Citer cette publication", "Chicago (auteur-date)"),
        ("en", "Cite this publication", "Chicago (author-date)"),
    ],
)
def test_the_publication_page_shows_each_reference(client, ada, language, heading, chicago):
    paper = PublicationFactory(title="Un article fictif", year=2024, authors=[ada, "Clare Lyle"])
    with_language = f"/{language}" + paper.get_absolute_url()[3:]

    html = client.get(with_language).content.decode()

    assert f'<h2 id="publication-{paper.pk}-cite">{heading}</h2>' in html
    assert '<h3 class="cite__style" id="cite-apa">APA</h3>' in html
    assert f'<h3 class="cite__style" id="cite-chicago-author-date">{chicago}</h3>' in html
    assert '<h3 class="cite__style" id="cite-ieee">IEEE</h3>' in html
    assert (
        '<p class="cite__reference-text">Lovelace, A., &amp; Lyle, C. (2024). '
        "Un article fictif. Conférence Fictive.</p>"
    ) in html
    for extension in ("bib", "ris", "json"):
        assert f'/publications/{paper.slug}/cite.{extension}" download' in html
    assert "<pre" not in html.split('class="cite__references"')[1].split("</section>")[0]


def test_lists_format_no_reference(client, ada, monkeypatch):
    PublicationFactory(authors=[ada])
    monkeypatch.setattr(references, "_render", lambda *args: pytest.fail("formatted in a list"))

    for url in (ada.get_absolute_url(), "/fr/publications/"):
        html = client.get(url).content.decode()
        assert "cite__references" not in html
        assert "/cite.ris" in html and "/cite.json" in html

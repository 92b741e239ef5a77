"""A member's BibTeX file: one response for a short list, streamed for a long one, with the
same entries and keys unique across the whole file."""

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser

from directory.views import members as member_views
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def entries(text: str) -> list[dict]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser).entries


@pytest.fixture
def ada():
    return MemberFactory(given_name="Ada", family_name="Lovelace", slug="ada-lovelace")


def download(client, member) -> tuple[object, str]:
    response = client.get(f"/fr/membres/{member.slug}/publications.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert f"{member.slug}-publications.bib" in response["Content-Disposition"]
    if response.streaming:
        return response, b"".join(response.streaming_content).decode()
    return response, response.content.decode()


def test_a_long_list_is_streamed_with_every_entry_in_order_and_unique_keys(
    client, ada, monkeypatch
):
    monkeypatch.setattr(member_views, "BIBTEX_WHOLE", 3)
    monkeypatch.setattr(member_views, "BIBTEX_FIRST_CHUNK", 2)
    monkeypatch.setattr(member_views, "BIBTEX_CHUNK", 3)
    # The same first author, year and first word: the keys collide across chunks.
    for n in range(9):
        PublicationFactory(title=f"Loss number {n}", year=2024 - n, authors=[ada])
    PublicationFactory(title="Hidden draft", year=2030, authors=[ada], is_published=False)

    response, text = download(client, ada)

    assert response.streaming
    listed = entries(text)
    assert [entry["title"] for entry in listed] == [f"{{Loss number {n}}}" for n in range(9)]
    keys = [entry["ID"] for entry in listed]
    assert len(set(keys)) == 9
    assert keys[:3] == ["lovelace2024loss", "lovelace2023loss", "lovelace2022loss"]


def test_a_short_list_is_one_response_that_the_page_cache_keeps(
    client, ada, django_assert_num_queries
):
    PublicationFactory(title="Loss smoothing", authors=[ada])

    response, text = download(client, ada)

    assert not response.streaming
    assert [entry["title"] for entry in entries(text)] == ["{Loss smoothing}"]
    with django_assert_num_queries(0):
        assert download(client, ada)[1] == text


@pytest.mark.parametrize("papers", [4, 12])
def test_a_streamed_list_reads_a_bounded_number_of_queries(
    client, ada, monkeypatch, django_assert_max_num_queries, papers
):
    monkeypatch.setattr(member_views, "BIBTEX_WHOLE", 3)
    monkeypatch.setattr(member_views, "BIBTEX_FIRST_CHUNK", 2)
    monkeypatch.setattr(member_views, "BIBTEX_CHUNK", 100)
    for n in range(papers):
        PublicationFactory(title=f"Paper {n}", authors=[ada, "Someone Else"])

    # The member, the first papers and their authors, the remaining ids, one chunk of papers
    # and their authors.
    with django_assert_max_num_queries(6):
        _, text = download(client, ada)
    assert len(entries(text)) == papers

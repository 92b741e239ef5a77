"""The publication list's word search: every match listed once across the pages, best first,
equal matches newest first, as the database itself would order them."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from directory.views.publications import PUBLICATIONS_PAGE_SIZE
from publications.models import Publication
from tests.factories import PublicationFactory
from tests.pages import publication_titles

pytestmark = pytest.mark.django_db


def listed(client, **query) -> list[str]:
    return publication_titles(client.get(reverse("publications:list"), query))


def test_every_match_is_listed_once_across_the_pages(client):
    for n in range(PUBLICATIONS_PAGE_SIZE + 5):
        PublicationFactory(title=f"Tomography study {n}", abstract="Plain words.", year=2000 + n)
    PublicationFactory(title="Unrelated paper", abstract="Nothing here.")
    first = listed(client, q="tomography")
    second = listed(client, q="tomography", page=2)
    assert len(first) == PUBLICATIONS_PAGE_SIZE
    assert len(set(first + second)) == PUBLICATIONS_PAGE_SIZE + 5
    assert all(title.startswith("Tomography study") for title in first + second)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_title_matches_rank_first_and_equal_matches_come_newest_first(client):
    PublicationFactory(title="A paper", abstract="About tomography.", year=2024)
    PublicationFactory(title="Tomography, older", abstract="Plain words.", year=2001)
    PublicationFactory(title="Tomography, newer", abstract="Plain words.", year=2020)
    assert listed(client, q="tomography") == ["Tomography, newer", "Tomography, older", "A paper"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_equal_matches_come_in_the_order_of_the_unsearched_list(client):
    # Same rank (one "tomography" in each title): then newest first, a year or a date
    # missing last, then by title, exactly as the list without words orders them.
    dates = [None, datetime.date(2020, 1, 5), datetime.date(2020, 6, 1)]
    for n, (year, date) in enumerate(
        [(None, None), (2020, dates[1]), (2020, dates[2]), (2020, None), (2019, None)] * 2
    ):
        PublicationFactory(
            title=f"Tomography {'BA'[n % 2]} {n % 3}",
            abstract="Plain words.",
            year=year,
            publication_date=date,
        )
    PublicationFactory(title="Unrelated paper", abstract="Nothing here.", year=2030)

    unsearched = Publication.objects.exclude(title="Unrelated paper").newest_first()
    expected = list(unsearched.values_list("title", flat=True))
    assert listed(client, q="tomography") == expected
    assert expected[0].startswith("Tomography") and len(expected) == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's scans")
def test_the_same_search_reads_the_same_matches():
    # A common word's first 1,001 matches are read without an order: PostgreSQL must not start
    # a large table's scan where another one is, or each request would rank other matches.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone()[0] == "off"

"""Bounded pagination: counts stop at the deepest page, which any deeper page number shows."""

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower

from core import pagination
from core.database import sorted_after_reading
from members.models import Member
from tests.factories import MemberFactory
from tests.pages import card_names, page_text

pytestmark = pytest.mark.django_db

DIRECTORY = "/fr/membres/"


@pytest.fixture
def three_pages_at_most(monkeypatch, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    monkeypatch.setattr(pagination, "MAX_PAGES", 3)
    for n in range(8):
        MemberFactory(given_name=f"Prénom{n}", family_name=f"Nom{n}")


def test_a_filtered_list_beyond_the_deepest_page_says_more_than(client, three_pages_at_most):
    response = client.get(DIRECTORY, {"q": "prenom", "page": 1000})
    text = page_text(response)

    assert "Plus de 6 membres" in text
    assert "Page 3 sur 3" in text
    assert card_names(response) == ["Prénom4 Nom4", "Prénom5 Nom5"]
    assert "affinez les filtres" in text


def test_the_unfiltered_list_counts_every_member(client, three_pages_at_most):
    text = page_text(client.get(DIRECTORY, {"page": 2}))

    # SQLite keeps no estimate: the full count; PostgreSQL's estimate is read after ANALYZE.
    assert "8 membres" in text or "Environ" in text
    assert "Page 2 sur 3" in text


def test_a_list_within_the_bound_counts_exactly(client, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(3):
        MemberFactory(given_name=f"Prénom{n}", family_name=f"Nom{n}")

    text = page_text(client.get(DIRECTORY, {"q": "prenom"}))

    assert "3 membres" in text
    assert "Page 1 sur 2" in text


def test_a_list_capped_in_rows_says_more_than_past_the_cap():
    from members.models import Member

    for n in range(4):
        MemberFactory(given_name=f"Prénom{n}")

    capped = pagination.BoundedPaginator(Member.objects.all(), 2, max_rows=3)
    roomy = pagination.BoundedPaginator(Member.objects.all(), 2, max_rows=4)

    assert (capped.count, capped.count.kind, capped.num_pages) == (3, "more", 2)
    assert (roomy.count, roomy.count.is_exact) == (4, True)


def test_admin_deep_pages_list_the_same_rows_in_the_same_order(monkeypatch):
    from members.models import Member

    for n in range(7):
        MemberFactory(given_name=f"Prénom{n}", family_name=f"Nom{7 - n}")
    ordered = Member.objects.order_by("sort_name", "pk")
    monkeypatch.setattr(pagination.AdminPaginator, "late_lookup_from", 2)

    pages = [list(pagination.AdminPaginator(ordered, 2).page(n).object_list) for n in (1, 2, 3, 4)]

    assert sum(pages, []) == list(ordered)


@pytest.mark.parametrize(
    "ordering",
    [
        ("sort_name", "-pk"),
        ("-sort_name", "pk"),
        (F("organisation__name").asc(nulls_last=True), "pk"),
        (F("updated_at").desc(), Lower("family_name"), "-pk"),
    ],
)
def test_rows_sorted_after_reading_come_in_the_order_asked(ordering):
    # Same rows, same order, whatever kind of ordering the admin asks for.
    for n, (family, organisation) in enumerate([("Zulu", None), ("abara", "B"), ("Mwangi", "A")]):
        member = MemberFactory(family_name=family, given_name=f"P{n}")
        if organisation is None:
            Member.objects.filter(pk=member.pk).update(organisation=None)
        else:
            member.organisation.name = organisation
            member.organisation.save()
    members = Member.objects.order_by(*ordering)
    rows = sorted_after_reading(members)

    assert list(rows) == list(members)
    if connection.vendor == "postgresql":  # each term in a form no index serves
        assert str(rows.query).split("ORDER BY")[1].count("COALESCE(") == len(ordering)

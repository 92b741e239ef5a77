"""Ids sent to PostgreSQL as one array: the rows asked for, none for no ids, and nothing but
integers ever written into the query."""

import pytest
from django.db import connection

from core.database import IdArray
from members.models import Member
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="an array of PostgreSQL's"),
]


def test_the_rows_of_the_ids_given():
    first, _second, third = MemberFactory.create_batch(3)

    found = Member.objects.filter(pk__in=IdArray([third.pk, first.pk, third.pk]))

    assert set(found) == {first, third}


def test_no_ids_find_no_row():
    MemberFactory()

    assert not Member.objects.filter(pk__in=IdArray([])).exists()


def test_an_id_that_is_not_a_number_is_refused_before_any_query():
    with pytest.raises(ValueError):
        IdArray(["1}'; DROP TABLE members_member; --"])

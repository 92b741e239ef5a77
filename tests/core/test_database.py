"""Ids sent to PostgreSQL as one array: the rows asked for, none for no ids, and nothing but
integers ever written into the query. Instances given what is read for a whole batch: every
chunk of `iterator()` its own."""

import pytest
from django.db import connection

from core.database import IdArray
from members.models import Member
from tests.factories import MemberFactory, ResearchTopicFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="an array of PostgreSQL's"
)


@on_postgresql
@pytest.mark.django_db
def test_the_rows_of_the_ids_given():
    first, _second, third = MemberFactory.create_batch(3)

    found = Member.objects.filter(pk__in=IdArray([third.pk, first.pk, third.pk]))

    assert set(found) == {first, third}


@on_postgresql
@pytest.mark.django_db
def test_no_ids_find_no_row():
    MemberFactory()

    assert not Member.objects.filter(pk__in=IdArray([])).exists()


def test_an_id_that_is_not_a_number_is_refused_before_any_query():
    with pytest.raises(ValueError):
        IdArray(["1}'; DROP TABLE members_member; --"])


@pytest.mark.django_db
def test_members_read_in_chunks_have_their_card_topics(django_assert_num_queries):
    topics = ResearchTopicFactory.create_batch(3)
    members = [MemberFactory(research_topics=[topic]) for topic in topics]

    # The members, then the topics of each chunk of two (2 + 1).
    with django_assert_num_queries(3):
        shown = {
            member.pk: [topic.slug for topic in member.card_topics]
            for member in Member.objects.with_card_data().order_by("pk").iterator(2)
        }

    assert shown == {member.pk: [topic.slug] for member, topic in zip(members, topics, strict=True)}

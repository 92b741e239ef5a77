"""Topic facets stay right whatever staff do: on PostgreSQL the unfiltered directory reads
counts that triggers keep, which must always equal a live count."""

from collections import Counter

import pytest
from django.db import connection

from members import facets
from members.facets import topic_facets
from members.models import Member
from tests.factories import MemberFactory, MembershipTypeFactory, ResearchTopicFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def kept_and_live(membership_type=None):
    """The facets as the directory shows them, and the same counts made here, member by
    member, without the code under test (kept counts on PostgreSQL, a live count elsewhere)."""
    members = Member.objects.public()
    if membership_type is not None:
        members = members.filter(membership_type=membership_type)
    kept = {t.slug: t.member_count for t in topic_facets(members, membership_type=membership_type)}
    live = Counter(
        topic.slug
        for member in members.prefetch_related("research_topics")
        for topic in member.research_topics.all()
    )
    return kept, dict(live)


def test_kept_counts_follow_every_kind_of_edit():
    continual = ResearchTopicFactory(slug="continu")
    deep = ResearchTopicFactory(slug="profond")
    other_type = MembershipTypeFactory(slug="autre")
    ada = MemberFactory(research_topics=[continual, deep])
    bob = MemberFactory(research_topics=[continual])
    MemberFactory(research_topics=[deep], is_published=False)
    assert kept_and_live()[0] == {"continu": 2, "profond": 1}

    steps = [
        lambda: ada.research_topics.remove(deep),
        lambda: bob.research_topics.add(deep),
        lambda: Member.objects.filter(pk=ada.pk).update(is_published=False),
        lambda: Member.objects.filter(pk=ada.pk).update(is_published=True),
        lambda: Member.objects.filter(pk=bob.pk).update(membership_type=other_type),
        lambda: bob.research_topics.clear(),
        lambda: ada.delete(),
    ]
    for step in steps:
        step()
        kept, live = kept_and_live()
        assert kept == live
        kept, live = kept_and_live(other_type)
        assert kept == live
    assert kept_and_live()[0] == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers exist on PostgreSQL")
def test_unfiltered_directory_shows_kept_counts(client):
    topic = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    MemberFactory(research_topics=[topic])
    member = MemberFactory(research_topics=[topic])

    member.is_published = False
    member.save()

    assert "Apprentissage continu (1)" in page_text(client.get("/fr/membres/"))


@pytest.mark.parametrize("by_ids", [0, 5_000])
def test_a_search_counts_its_members_topics_read_by_ids_or_not(client, monkeypatch, by_ids):
    monkeypatch.setattr(facets, "FACETS_BY_IDS", by_ids)
    continual, graphs = (ResearchTopicFactory(name_fr=name) for name in ("Continu", "Graphes"))
    MemberFactory(family_name="Abara", research_topics=[continual, graphs])
    MemberFactory(family_name="Abara", research_topics=[continual])
    MemberFactory(family_name="Bélair", research_topics=[graphs])

    text = page_text(client.get("/fr/membres/", {"q": "abara"}))

    assert "2 membres" in text
    assert "Continu (2)" in text
    assert "Graphes (1)" in text

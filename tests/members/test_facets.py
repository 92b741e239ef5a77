"""Topic facets stay right whatever staff do: on PostgreSQL the unfiltered directory reads
counts that triggers keep, which must always equal a live count."""

from collections import Counter

import pytest
from django.db import connection
from django.utils import translation

from members import facets
from members.facets import topic_facets
from members.models import Member, MemberResearchTopic
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


def kept_topic_ids():
    """Each member's topic ids as PostgreSQL keeps them on the member's row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, topic_ids FROM members_member")
        return {pk: sorted(ids) for pk, ids in cursor.fetchall()}


def linked_topic_ids():
    return {
        member.pk: sorted(topic.pk for topic in member.research_topics.all())
        for member in Member.objects.prefetch_related("research_topics")
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers exist on PostgreSQL")
def test_each_members_kept_topic_ids_follow_every_kind_of_edit():
    continual, deep, graphs = (ResearchTopicFactory() for _n in range(3))
    ada = MemberFactory(research_topics=[continual, deep])
    bob = MemberFactory(research_topics=[continual])
    steps = [
        lambda: ada.research_topics.remove(deep),
        lambda: bob.research_topics.add(deep, graphs),
        lambda: MemberResearchTopic.objects.filter(member=bob, researchtopic=graphs).update(
            member=ada
        ),
        lambda: bob.research_topics.set([graphs]),
        lambda: Member.objects.filter(pk=ada.pk).update(is_published=False),
        lambda: MemberResearchTopic.objects.filter(researchtopic=graphs).delete(),
        lambda: bob.research_topics.clear(),
        lambda: ada.delete(),
    ]
    assert kept_topic_ids() == linked_topic_ids()
    for step in steps:
        step()
        assert kept_topic_ids() == linked_topic_ids()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_narrowed_list_counts_the_topics_of_its_members_only(language):
    # More topics than the sidebar shows: the most common first, then by name.
    topics = [
        ResearchTopicFactory(name_fr=f"Sujet {n:02}", name_en=f"Topic {99 - n:02}")
        for n in range(45)
    ]
    for n, topic in enumerate(topics):
        MemberFactory(family_name="Abara", research_topics=[topic, *topics[: n % 3]])
    MemberFactory(family_name="Bélair", research_topics=topics[40:])
    MemberFactory(family_name="Abara", research_topics=topics[40:], is_published=False)

    with translation.override(language):
        read = facets.listed(Member.objects.public().named("abara"))
        shown = [(topic.name, topic.member_count) for topic in read.facets]

    assert read.count == 45
    live = Counter(
        topic.pk
        for member in Member.objects.public().named("abara")
        for topic in member.research_topics.all()
    )
    names = {topic.pk: getattr(topic, f"name_{language}") for topic in topics}
    expected = sorted(live.items(), key=lambda item: (-item[1], names[item[0]]))
    assert shown == [(names[pk], n) for pk, n in expected[: facets.MAX_FACETS]]


def test_a_list_no_member_can_be_in_counts_none_and_has_no_facets():
    MemberFactory(family_name="Abara", research_topics=[ResearchTopicFactory()])

    read = facets.listed(Member.objects.public().named("abara").filter(pk__in=[]))

    assert (read.count, read.facets) == (0, [])

"""Similar members, computed ahead: who works closest to a member, and why."""

import pytest

from publications.choices import ReviewStatus
from publications.discovery.expertise import compute_expertise
from publications.discovery.models import SimilarMember
from publications.discovery.similar import SHOWN, refresh_similar, similar_to
from publications.models import Authorship
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate_fields

pytestmark = pytest.mark.django_db


def compute():
    compute_expertise()
    refresh_similar()


def pair(member, other) -> SimilarMember:
    return SimilarMember.objects.get(member=member, other=other)


def test_co_authors_are_similar_with_their_joint_publications():
    ada, bea = MemberFactory(given_name="Ada"), MemberFactory(given_name="Bea")
    for n in range(2):
        PublicationFactory(title=f"Fictional joint paper {n}", authors=[ada, bea, "Outsider"])
    # Neither a pending paper nor one wrongly attributed to Bea counts.
    PublicationFactory(title="Pending", authors=[ada, bea], review_status=ReviewStatus.PENDING)
    hidden = PublicationFactory(title="Misattributed", authors=[ada, bea])
    Authorship.objects.filter(publication=hidden, member=bea).update(hidden_from_profile=True)
    compute()

    assert pair(ada, bea).joint_publications == 2
    assert pair(bea, ada).joint_publications == 2


def test_members_sharing_topics_are_similar_with_the_count():
    topics = [ResearchTopicFactory() for _ in range(3)]
    cy = MemberFactory(given_name="Cy", research_topics=topics)
    di = MemberFactory(given_name="Di", research_topics=topics)
    compute()

    assert pair(cy, di).shared_topics == 3
    assert pair(cy, di).joint_publications == 0


def test_a_member_with_nothing_close_has_no_similar_member():
    MemberFactory(research_topics=[ResearchTopicFactory(name_fr="Sujet seul", name_en="Alone")])
    alone = MemberFactory(research_topics=[ResearchTopicFactory()])
    compute()

    assert list(similar_to(alone)) == []


def test_members_of_one_field_are_closer_than_members_of_another():
    fields = populate_fields()
    compute()

    for member in fields.members:
        field = member.research_topics.get()
        listed = [p.other for p in similar_to(member)]
        assert 0 < len(listed) <= SHOWN
        assert all(other.research_topics.get() == field for other in listed[:3]), member


def test_unpublished_members_are_in_no_list():
    topics = [ResearchTopicFactory() for _ in range(2)]
    shown = MemberFactory(research_topics=topics)
    draft = MemberFactory(research_topics=topics, is_published=False)
    other = MemberFactory(research_topics=topics)
    compute()

    assert [p.other for p in similar_to(shown)] == [other]
    assert not SimilarMember.objects.filter(member=draft).exists()
    assert not SimilarMember.objects.filter(other=draft).exists()


def test_refreshing_members_updates_their_lists_and_those_naming_them():
    topics = [ResearchTopicFactory() for _ in range(2)]
    ada, bea = MemberFactory(research_topics=topics), MemberFactory(research_topics=topics)
    cy = MemberFactory()
    compute()
    assert not SimilarMember.objects.filter(member=cy).exists()

    PublicationFactory(title="A new fictional joint paper", authors=[ada, cy])
    compute_expertise(member_ids=[ada.pk, cy.pk])
    report = refresh_similar([ada.pk, cy.pk])

    assert pair(ada, cy).joint_publications == 1
    assert pair(cy, ada).joint_publications == 1
    assert pair(bea, ada).shared_topics == 2  # Bea names Ada: her list was refreshed too.
    assert report.members == 3


def test_the_profile_lists_similar_members_with_why(client):
    ada, bea = MemberFactory(given_name="Ada"), MemberFactory(given_name="Bea", family_name="Bis")
    topics = [ResearchTopicFactory() for _ in range(3)]
    ada.research_topics.set(topics)
    bea.research_topics.set(topics)
    for n in range(2):
        PublicationFactory(title=f"Fictional joint paper {n}", authors=[ada, bea])
    compute()

    french = client.get(ada.get_absolute_url()).content.decode()
    english = client.get(f"/en/members/{ada.slug}/").content.decode()

    assert "Membres aux travaux proches" in french
    assert 'href="/fr/membres/bea-bis/">Bea Bis</a>' in french
    assert "2 publications communes · 3 sujets en commun" in french
    assert "2 joint publications · 3 shared topics" in english


def test_the_profile_shows_no_similar_section_when_nothing_is_close(client):
    alone = MemberFactory()
    compute()

    assert "similar-title" not in client.get(alone.get_absolute_url()).content.decode()

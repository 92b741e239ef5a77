"""Profiles and topic pages list their papers from the entries the database keeps: whatever
writes the authorships, topic links and publications (a form's save, a bulk update of a
review, an import's bulk insert, a deletion), the profile, the topic page, their feeds and the
publication list by member or topic show what those rows themselves say, in the same order."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from directory.caching import forget_pages
from publications.models import (
    Authorship,
    ProfileEntry,
    Publication,
    PublicationTopic,
    ReviewStatus,
    TopicEntry,
)
from publications.querysets import NEWEST_FIRST
from tests.factories import (
    MemberFactory,
    PublicationFactory,
    ResearchTopicFactory,
    UserFactory,
)
from tests.pages import publication_titles

pytestmark = pytest.mark.django_db


def topic_entries_say():
    return set(
        TopicEntry.objects.values_list(
            "link_id",
            "research_topic_id",
            "publication_id",
            "public",
            "year",
            "publication_date",
            "title",
        )
    )


def topic_links_say():
    return {
        (
            link.pk,
            link.researchtopic_id,
            link.publication_id,
            link.publication.is_published
            and link.publication.review_status == ReviewStatus.APPROVED,
            link.publication.year,
            link.publication.publication_date,
            link.publication.title,
        )
        for link in PublicationTopic.objects.select_related("publication")
    }


def entries_say():
    return set(
        ProfileEntry.objects.values_list(
            "authorship_id",
            "member_id",
            "publication_id",
            "featured",
            "public",
            "year",
            "publication_date",
            "title",
        )
    )


def authorships_say():
    """What the entries must be, read from the authorships and publications themselves."""
    rows = Authorship.objects.filter(member__isnull=False, hidden_from_profile=False)
    return {
        (
            a.pk,
            a.member_id,
            a.publication_id,
            a.featured,
            a.publication.is_published and a.publication.review_status == ReviewStatus.APPROVED,
            a.publication.year,
            a.publication.publication_date,
            a.publication.title,
        )
        for a in rows.select_related("publication")
    }


def profile_titles(client, member) -> list[str]:
    # Bulk updates send no signal that would empty the page cache: these tests are about the
    # entries, so each page is made afresh.
    forget_pages()
    page = client.get(member.get_absolute_url())
    assert page.status_code == 200
    return publication_titles(page)


def test_every_kind_of_write_reaches_the_profile(client):
    ada, grace = MemberFactory(given_name="Ada"), MemberFactory(given_name="Grace")
    kept = PublicationFactory(title="Kept paper", year=2020, authors=[ada, "Someone"])
    moved = PublicationFactory(title="Moved paper", year=2021, authors=[ada])
    assert profile_titles(client, ada) == ["Moved paper", "Kept paper"]

    # An import's bulk insert, which sends no signal.
    bulk = PublicationFactory(title="Bulk paper", year=2022)
    Authorship.objects.bulk_create(
        [Authorship(publication=bulk, position=1, name="Ada", member=ada)]
    )
    assert profile_titles(client, ada) == ["Bulk paper", "Moved paper", "Kept paper"]

    # A review sent back by a bulk update: gone for visitors, still there for staff.
    Publication.objects.filter(pk=bulk.pk).update(review_status=ReviewStatus.PENDING)
    assert profile_titles(client, ada) == ["Moved paper", "Kept paper"]
    client.force_login(UserFactory(is_staff=True))
    assert "Bulk paper" in profile_titles(client, ada)
    client.logout()

    # Hidden from the profile; given to another member; featured; renamed; dated again.
    kept.authorships.filter(member=ada).update(hidden_from_profile=True)
    moved.authorships.filter(member=ada).update(member=grace)
    assert profile_titles(client, ada) == []
    assert profile_titles(client, grace) == ["Moved paper"]
    Publication.objects.filter(pk=kept.pk).update(year=2030, title="Renamed paper")
    kept.authorships.filter(name="Someone").update(member=grace, featured=True)
    assert profile_titles(client, grace) == ["Renamed paper", "Moved paper"]
    older = Publication.objects.get(pk=kept.pk)
    older.year, older.publication_date = 2001, datetime.date(2001, 5, 1)
    older.save()
    Authorship.objects.filter(publication=kept, member=grace).update(featured=False)
    assert profile_titles(client, grace) == ["Moved paper", "Renamed paper"]

    # Deletions: the publication, then the member (whose authorships stay, unlinked).
    Publication.objects.get(pk=moved.pk).delete()
    grace.delete()
    assert entries_say() == authorships_say()
    assert not ProfileEntry.objects.filter(member_id=grace.pk).exists()


def test_the_feed_and_the_list_by_member_follow_the_entries(client):
    ada = MemberFactory()
    PublicationFactory(title="Old paper", year=2019, authors=[ada])
    hidden = PublicationFactory(title="Wrongly attributed", year=2024, authors=[ada])
    hidden.authorships.update(hidden_from_profile=True)
    listed = client.get(reverse("publications:list"), {"member": ada.slug})
    assert publication_titles(listed) == ["Old paper"]
    feed = client.get(reverse("members:feed", args=[ada.slug])).content.decode()
    assert "Old paper" in feed and "Wrongly attributed" not in feed


def topic_titles(client, topic) -> list[str]:
    forget_pages()
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    return publication_titles(page)


def test_the_topic_page_its_feed_and_the_list_by_topic_follow_the_links(client):
    topic, other = ResearchTopicFactory(), ResearchTopicFactory()
    old = PublicationFactory(title="Old paper", year=2019)
    new = PublicationFactory(title="New paper", year=2024)
    old.topics.add(topic)
    new.topics.add(topic, other)
    assert topic_titles(client, topic) == ["New paper", "Old paper"]
    Publication.objects.filter(pk=new.pk).update(year=2001, title="Renamed paper")
    assert topic_titles(client, topic) == ["Old paper", "Renamed paper"]
    Publication.objects.filter(pk=old.pk).update(is_published=False)
    new.topics.remove(topic)
    assert topic_titles(client, topic) == []
    assert topic_titles(client, other) == ["Renamed paper"]
    listed = client.get(reverse("publications:list"), {"topic": other.slug})
    assert publication_titles(listed) == ["Renamed paper"]
    feed = client.get(reverse("members:topic_feed", args=[other.slug])).content.decode()
    assert "Renamed paper" in feed and "Old paper" not in feed
    Publication.objects.get(pk=new.pk).delete()
    other.delete()
    assert topic_entries_say() == topic_links_say()


def test_the_profile_order_is_featured_first_then_newest_first_as_everywhere():
    ada = MemberFactory()
    papers = [
        PublicationFactory(title=title, year=year, publication_date=date, authors=[ada])
        for title, year, date in [
            ("B same year", 2020, None),
            ("A same year", 2020, None),
            ("Dated", 2020, datetime.date(2020, 3, 1)),
            ("Undated", None, None),
            ("Newest", 2024, None),
        ]
    ]
    papers[3].authorships.update(featured=True)
    shown = Publication.objects.for_profile(ada, AnonymousUser())
    assert [p.title for p in shown] == ["Undated", "Newest", "Dated", "A same year", "B same year"]
    assert [p.profile_featured for p in shown] == [True, False, False, False, False]


class EntriesAgreeWithTheirSources(HypothesisTestCase):
    """After any sequence of writes, the entries are what the authorships and publications
    say (hypothesis chooses the writes)."""

    writes = st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "hide",
                    "show",
                    "feature",
                    "relink",
                    "unlink",
                    "review",
                    "publish",
                    "year",
                    "tag",
                    "untag",
                ]
            ),
            st.integers(0, 5),
            st.integers(0, 2),
        ),
        max_size=12,
    )

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(writes=writes)
    def test_entries_agree(self, writes):
        members = [MemberFactory() for _ in range(3)]
        topics = [ResearchTopicFactory() for _ in range(3)]
        papers = [
            PublicationFactory(year=2000 + n, authors=[members[n % 3], members[(n + 1) % 3]])
            for n in range(6)
        ]
        for n, paper in enumerate(papers):
            paper.topics.add(topics[n % 3])
        for action, paper, member in writes:
            links = Authorship.objects.filter(publication=papers[paper])
            publication = Publication.objects.filter(pk=papers[paper].pk)
            if action == "hide":
                links.update(hidden_from_profile=True)
            elif action == "show":
                links.update(hidden_from_profile=False)
            elif action == "feature":
                links.update(featured=~F("featured"))
            elif action == "relink":
                link = links.first()
                if not links.filter(member=members[member]).exists():
                    link.member = members[member]
                    link.save()
            elif action == "unlink":
                links.filter(position=1).update(member=None)
            elif action == "review":
                publication.update(review_status=ReviewStatus.REJECTED)
            elif action == "publish":
                publication.update(is_published=False)
            elif action == "tag":
                papers[paper].topics.add(topics[member])
            elif action == "untag":
                papers[paper].topics.remove(topics[member])
            else:
                publication.update(year=None, publication_date=None)
            assert entries_say() == authorships_say()
            assert topic_entries_say() == topic_links_say()
        self.assertEqual(
            list(Publication.objects.for_profile(members[0], AnonymousUser())),
            list(
                Publication.objects.public()
                .filter(authorships__member=members[0], authorships__hidden_from_profile=False)
                .order_by(F("authorships__featured").desc(), *NEWEST_FIRST)
            ),
        )


def test_the_profile_pages_list_every_paper_once_featured_first(client, settings):
    settings.PROFILE_PUBLICATIONS_PAGE_SIZE = 4
    ada = MemberFactory()
    for n in range(10):
        PublicationFactory(title=f"Paper {n}", year=2000 + n, authors=[ada])
    Authorship.objects.filter(member=ada, publication__title="Paper 2").update(featured=True)
    pages = []
    for page in (1, 2, 3):
        forget_pages()
        pages.append(publication_titles(client.get(ada.get_absolute_url(), {"page": page})))
    assert pages[0] == ["Paper 2", "Paper 9", "Paper 8", "Paper 7"]
    assert [title for page in pages for title in page] == [
        "Paper 2",
        *(f"Paper {n}" for n in (9, 8, 7, 6, 5, 4, 3, 1, 0)),
    ]

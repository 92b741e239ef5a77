"""The page cache: anonymous visitors get stored pages, and a staff edit shows on the very next
request."""

import pytest
from django.urls import reverse

from publications.models import Publication, ReviewStatus
from publications.services import review_publications
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.pages import card_names, publication_titles

pytestmark = pytest.mark.django_db

DIRECTORY = "/fr/membres/"


def test_anonymous_pages_come_from_the_cache(client, django_assert_num_queries):
    MemberFactory(given_name="Ada", family_name="Lovelace")
    first = client.get(DIRECTORY)

    with django_assert_num_queries(0):
        second = client.get(DIRECTORY)

    assert second.content == first.content


def test_a_saved_member_shows_on_the_next_request(client):
    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    assert card_names(client.get(DIRECTORY)) == ["Ada Lovelace"]

    member.family_name = "Byron"
    member.save()

    assert card_names(client.get(DIRECTORY)) == ["Ada Byron"]


def test_a_deleted_member_and_a_topic_change_show_on_the_next_request(client):
    topic = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    member = MemberFactory(research_topics=[])
    profile = member.get_absolute_url()
    assert "Apprentissage continu" not in client.get(profile).content.decode()

    member.research_topics.add(topic)  # m2m_changed
    assert "Apprentissage continu" in client.get(profile).content.decode()

    member.delete()
    assert client.get(profile).status_code == 404


def test_an_admin_bulk_action_shows_on_the_next_request(client, editor):
    member = MemberFactory()
    publication = PublicationFactory(title="Un article visible", authors=[member])
    publications = reverse("publications:list")
    assert publication_titles(client.get(publications)) == ["Un article visible"]

    client.force_login(editor)
    client.post(
        reverse("admin:publications_publication_changelist"),
        {"action": "unpublish", "_selected_action": [publication.pk]},
    )
    client.logout()

    assert not Publication.objects.get(pk=publication.pk).is_published
    assert publication_titles(client.get(publications)) == []


def test_a_review_outside_any_request_shows_on_the_next_request(client):
    """A bulk write (one UPDATE, no model signal) run by a command or a job, not a form."""
    PublicationFactory(title="En attente", review_status=ReviewStatus.PENDING)
    assert publication_titles(client.get("/fr/publications/")) == []

    review_publications(publications=Publication.objects.all(), status=ReviewStatus.APPROVED)

    assert publication_titles(client.get("/fr/publications/")) == ["En attente"]


def test_signed_in_visitors_are_never_served_from_the_cache(client, editor):
    MemberFactory(given_name="Ada", family_name="Lovelace")
    client.get(DIRECTORY)
    # An anonymous repeat comes from the cache: no template is rendered.
    assert client.get(DIRECTORY).context is None

    client.force_login(editor)

    assert client.get(DIRECTORY).context is not None
    assert client.get(DIRECTORY).context is not None


def test_cache_outage_serves_pages_uncached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    MemberFactory(given_name="Ada", family_name="Lovelace")

    assert card_names(client.get(DIRECTORY)) == ["Ada Lovelace"]


def test_pages_cached_before_a_commit_are_stale_after_it(django_capture_on_commit_callbacks):
    """Other processes render the old data until a transaction (an import's batch) commits;
    what they cache meanwhile, under the generation of that moment, must not outlive it."""
    from directory.generation import generation

    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        member.family_name = "Byron"
        member.save()
        during = generation()
    assert callbacks
    assert generation() > during


@pytest.mark.parametrize(
    "path, first, second",
    [
        ("/fr/experts/", {"q": "graphes"}, {"q": "apprentissage"}),
        ("/api/v1/publications/", {"page_size": "1"}, {"page_size": "1", "page": "2"}),
    ],
)
def test_pages_that_read_a_parameter_are_kept_apart_by_it(client, path, first, second):
    """A cached page is never served for another value of a parameter the page reads."""
    PublicationFactory(title="Un premier article")
    PublicationFactory(title="Un second article")
    client.get(path, first)

    assert client.get(path, second).content != client.get(path, first).content


def test_a_jobs_progress_leaves_the_cached_pages_current(django_capture_on_commit_callbacks):
    """A running job saves its progress every few seconds: that changes no page, and emptying
    the page cache each time made every cached page a miss while a computation ran."""
    from directory.generation import generation
    from publications.discovery.models import ExpertiseJob, StaleExpertise

    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    before = generation()

    with django_capture_on_commit_callbacks(execute=True):
        job = ExpertiseJob.objects.create()
        job.progress_done = 5
        job.save()
        StaleExpertise.objects.create(member=member)
    assert generation() == before

    member.family_name = "Byron"
    member.save()
    assert generation() > before

"""The admin's job pages: the harvest action queues jobs and answers at once, every harvest and
import is listed with where it stands and what it did, failed ones can be retried."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.jobs import JobStatus
from publications.models import Publication
from publications.runs import HarvestJob, HarvestTrigger, ImportJob
from tests.factories import MemberFactory
from tests.recorded import MEMBER_IDS, Answer, record_member_sources

pytestmark = pytest.mark.django_db

MEMBERS = reverse("admin:members_member_changelist")
HARVESTS = reverse("admin:publications_harvestjob_changelist")
IMPORTS = reverse("admin:publications_importjob_changelist")


@pytest.fixture
def member():
    return MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)


def harvest_action(client, *members):
    return client.post(
        MEMBERS,
        {"action": "harvest_publications", "_selected_action": [m.pk for m in members]},
        follow=True,
    )


def test_the_action_queues_a_harvest_per_member_and_answers_at_once(
    client, editor, member, django_capture_on_commit_callbacks
):
    others = MemberFactory.create_batch(30, dblp_pid="318/0989", dblp_pid_confirmed=False)
    without = MemberFactory()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = harvest_action(client, member, *others, without)

    # No limit on the selection: nothing is fetched in the request.
    assert len(queued) == 31
    assert HarvestJob.objects.filter(status=JobStatus.QUEUED).count() == 31
    job = HarvestJob.objects.get(member=member)
    assert (job.started_by, job.trigger) == (editor, HarvestTrigger.STAFF)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2
    assert HARVESTS in messages[0]
    assert "1 membre" in messages[1] or "1 member" in messages[1]


def test_the_harvest_the_action_queued_brings_works_for_review(
    client, editor, member, recorded_sources, django_capture_on_commit_callbacks
):
    record_member_sources(recorded_sources)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        harvest_action(client, member)

    job = HarvestJob.objects.get()
    assert job.status == JobStatus.DONE
    assert job.created == Publication.objects.count() > 80
    assert not Publication.objects.public().exists()
    page = client.get(reverse("admin:publications_harvestjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert "OpenAlex: 6" in page.text
    assert f"{job.created} nouvelles" in page.text or f"{job.created} new" in page.text


def test_a_source_error_is_shown_on_the_job(
    client, editor, member, recorded_sources, django_capture_on_commit_callbacks
):
    record_member_sources(recorded_sources)
    recorded_sources.add("/dblp/pid/318/0989.xml", Answer(b"", status=503))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        harvest_action(client, member)

    listing = client.get(HARVESTS)

    assert "DBLP: le serveur a répondu par l’erreur 503" in listing.text
    assert HarvestJob.objects.get().status == JobStatus.DONE


def make_harvests(count):
    now = timezone.now()
    members = MemberFactory.create_batch(count, orcid="")
    HarvestJob.objects.bulk_create(
        HarvestJob(
            member=m,
            status=JobStatus.FAILED if n % 2 else JobStatus.DONE,
            source_errors=[{"source": "ORCID", "reason": "the server answered with error 503"}],
            sources_read=[{"source": "DBLP", "works": 3}],
            progress_done=3,
            progress_total=5,
            progress_unit="sources",
            started_at=now,
            finished_at=now,
        )
        for n, m in enumerate(members)
    )


@pytest.mark.parametrize("count", [1, 40])
def test_the_job_lists_cost_the_same_for_one_job_or_many(
    client, editor, count, django_assert_max_num_queries
):
    make_harvests(count)
    for n in range(count):
        ImportJob.objects.create(file_name=f"list-{n}.bib", status=JobStatus.DONE, created=n)
    client.force_login(editor)

    with django_assert_max_num_queries(9):
        harvests = client.get(HARVESTS)
    with django_assert_max_num_queries(9):
        imports = client.get(IMPORTS)

    assert harvests.status_code == imports.status_code == 200
    assert harvests.text.count("3 sur 5 sources") == count
    assert imports.text.count("list-") >= count
    job = HarvestJob.objects.first()
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("admin:publications_harvestjob_change", args=[job.pk])).status_code
            == 200
        )
    upload = ImportJob.objects.first()
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("admin:publications_importjob_change", args=[upload.pk])).status_code
            == 200
        )


def test_jobs_are_read_only_and_failed_ones_can_be_retried(
    client, editor, django_capture_on_commit_callbacks
):
    make_harvests(2)
    client.force_login(editor)
    assert client.get(reverse("admin:publications_harvestjob_add")).status_code == 403

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            HARVESTS,
            {
                "action": "retry",
                "_selected_action": list(HarvestJob.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )

    # The failed one only, queued again.
    assert len(queued) == 1
    assert HarvestJob.objects.filter(status=JobStatus.QUEUED).count() == 1
    assert "1 tâche" in str(list(response.context["messages"])[0]) or "1 job" in str(
        list(response.context["messages"])[0]
    )

"""Expertise computed by jobs: staff start one from the admin and follow it there, the schedule
starts one every night, and a change of a member's topics or publications refreshes those
members only, in one computation however many rows changed."""

import pytest
from django.db import OperationalError, transaction
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from core.jobs import JobStatus
from publications import tasks
from publications.discovery import jobs as discovery_jobs
from publications.discovery.jobs import refresh_later, run_expertise_job, start_expertise
from publications.discovery.models import (
    ExpertiseJob,
    ExpertiseTerm,
    ExpertiseTrigger,
    SimilarMember,
    StaleExpertise,
)
from publications.importing import PublicationEntry, import_publications
from publications.jobs import reap_lost_jobs
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate_fields

pytestmark = pytest.mark.django_db

JOBS = reverse("admin:publications_expertisejob_changelist")
COMPUTE = reverse("admin:publications_expertisejob_compute")
MEMBERS = reverse("admin:members_member_changelist")


def computations_sent(callbacks) -> list:
    """The callbacks that send a computation to the workers (others empty the page cache)."""
    return [
        callback
        for callback in callbacks
        if getattr(getattr(callback, "func", None), "__self__", None) == tasks.run_expertise
    ]


def terms_of(member) -> list[tuple[str, float]]:
    return sorted(ExpertiseTerm.objects.filter(member=member).values_list("term", "weight"))


@pytest.fixture
def computed(django_capture_on_commit_callbacks):
    """Members with their expertise computed, and nothing waiting to be refreshed."""
    with django_capture_on_commit_callbacks(execute=True):
        fields = populate_fields(members_per_field=2, papers_per_member=2)
    run_expertise_job(job_id=start_expertise(send=False).pk)
    ExpertiseJob.objects.all().delete()
    assert not StaleExpertise.objects.exists()
    return fields


# --- The job ------------------------------------------------------------------------------------


def test_a_computation_of_everyone_records_its_progress_and_result(
    django_capture_on_commit_callbacks,
):
    fields = populate_fields(members_per_field=2, papers_per_member=2)
    MemberFactory(is_published=False)
    seen = []
    original = ExpertiseJob.beat

    def beat(job, **fields):
        seen.append(
            (fields.get("stage"), fields.get("progress_done"), fields.get("progress_total"))
        )
        original(job, **fields)

    ExpertiseJob.beat = beat
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = start_expertise()
    finally:
        ExpertiseJob.beat = original

    job.refresh_from_db()
    published = len(fields.members)
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert ("expertise", published, published) in seen
    assert ("similar", published, published) in seen
    assert job.progress_text() == f"Membres similaires : {published} sur {published} membres"
    assert job.summary().startswith(f"{published} membres :")
    assert ExpertiseTerm.objects.values("member").distinct().count() == published
    assert SimilarMember.objects.exists()


def test_a_computation_of_everyone_is_not_queued_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        first = start_expertise()
        second = start_expertise()

    assert first == second and len(computations_sent(sent)) == 1
    assert ExpertiseJob.objects.get().status == JobStatus.QUEUED


def test_a_database_failure_fails_the_job_and_a_retry_completes_it(
    computed, monkeypatch, client, editor, django_capture_on_commit_callbacks
):
    def unreachable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(discovery_jobs, "compute_expertise", unreachable)
    job = run_expertise_job(job_id=start_expertise(send=False).pk)
    assert job.status == JobStatus.FAILED
    assert "server closed the connection" in job.error
    monkeypatch.undo()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOBS, {"action": "retry", "_selected_action": [job.pk]})

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")


def test_a_computation_whose_worker_died_is_marked_failed(computed):
    job = start_expertise(send=False)
    ExpertiseJob.claim(job.pk)
    ExpertiseJob.objects.filter(pk=job.pk).update(heartbeat_at="2020-01-01T00:00:00Z")

    assert reap_lost_jobs() == 1
    assert ExpertiseJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_the_schedule_computes_everyone_every_night(django_capture_on_commit_callbacks):
    populate_fields(members_per_field=1, papers_per_member=1)
    scheduled = PeriodicTask.objects.get(task="publications.tasks.compute_expertise_of_everyone")
    assert (scheduled.crontab.hour, scheduled.crontab.minute) == ("3", "30")
    assert scheduled.enabled

    with django_capture_on_commit_callbacks(execute=True):
        tasks.compute_expertise_of_everyone()

    job = ExpertiseJob.objects.get()
    assert (job.trigger, job.everyone, job.status) == (
        ExpertiseTrigger.SCHEDULE,
        True,
        JobStatus.DONE,
    )
    assert ExpertiseTerm.objects.exists()


# --- The admin ----------------------------------------------------------------------------------


def test_the_button_queues_a_computation_and_answers_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    populate_fields(members_per_field=1, papers_per_member=1)
    client.force_login(editor)
    page = client.get(JOBS)
    assert COMPUTE in page.text

    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.post(COMPUTE, follow=True)
        again = client.post(COMPUTE, follow=True)

    # Nothing is computed in the request: a worker will.
    assert len(computations_sent(sent)) == 1 and not ExpertiseTerm.objects.exists()
    job = ExpertiseJob.objects.get()
    assert (job.status, job.started_by, job.trigger) == (
        JobStatus.QUEUED,
        editor,
        ExpertiseTrigger.STAFF,
    )
    assert "en file" in response.text or "queued" in response.text
    assert "déjà" in again.text or "already" in again.text
    assert client.get(COMPUTE).status_code == 405


def test_people_without_the_permission_cannot_start_a_computation(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)

    assert client.post(COMPUTE).status_code == 403
    assert not ExpertiseJob.objects.exists()


def test_the_member_action_computes_the_selected_members_only(
    computed, client, editor, django_capture_on_commit_callbacks
):
    chosen, other = computed.members[0], computed.members[-1]
    before = terms_of(other)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=False) as sent:
        client.post(
            MEMBERS,
            {"action": "compute_expertise_of_members", "_selected_action": [chosen.pk]},
        )

    job = ExpertiseJob.objects.get()
    sent = computations_sent(sent)
    assert (job.everyone, job.member_ids, len(sent)) == (False, [chosen.pk], 1)
    sent[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert terms_of(other) == before


def test_the_list_of_computations_costs_the_same_for_one_and_for_many(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    start_expertise(send=False, started_by=editor)
    with django_assert_max_num_queries(12):
        assert client.get(JOBS).status_code == 200
    for n in range(30):
        start_expertise(member_ids=[n + 1], send=False, started_by=editor)
    with django_assert_max_num_queries(12):
        page = client.get(JOBS)
    assert page.status_code == 200 and page.context["cl"].result_count == 31
    job = ExpertiseJob.objects.first()
    with django_assert_max_num_queries(12):
        assert client.get(job.get_absolute_url()).status_code == 200


# --- Refreshed when their data change -----------------------------------------------------------


def test_a_change_of_a_members_topics_refreshes_that_member_only(
    computed, django_capture_on_commit_callbacks
):
    member, other = computed.members[0], computed.members[-1]
    before = terms_of(other)
    volcanology = ResearchTopicFactory(name_fr="Volcanologie fictive", name_en="Tephrochronology")

    with django_capture_on_commit_callbacks(execute=True):
        member.research_topics.add(volcanology)

    job = ExpertiseJob.objects.get()
    assert (job.trigger, job.member_ids, job.status) == (
        ExpertiseTrigger.CHANGES,
        [member.pk],
        JobStatus.DONE,
    )
    assert "tephrochronology" in {term for term, _weight in terms_of(member)}
    assert terms_of(other) == before
    assert not StaleExpertise.objects.exists()


def test_an_import_refreshes_the_members_it_touched_in_one_computation(
    computed, django_capture_on_commit_callbacks
):
    ada, bea, untouched = computed.members[0], computed.members[1], computed.members[-1]
    before = terms_of(untouched)
    entries = [
        PublicationEntry(
            title=f"Fictional tephra layers, part {n}",
            authors=[ada.full_name, bea.full_name],
            abstract="Invented tephra layers dated by fictional tephrochronology.",
            year=2020,
        )
        for n in range(12)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        import_publications(entries=entries)

    job = ExpertiseJob.objects.get()
    assert (job.trigger, job.member_ids, job.status) == (
        ExpertiseTrigger.CHANGES,
        sorted([ada.pk, bea.pk]),
        JobStatus.DONE,
    )
    assert "tephra" in {term for term, _weight in terms_of(bea)}
    assert terms_of(untouched) == before


def test_an_edit_of_a_publication_refreshes_its_authors(
    computed, django_capture_on_commit_callbacks
):
    paper, author = computed.papers[0]

    with django_capture_on_commit_callbacks(execute=True):
        paper.abstract = "A fictional abstract about tephrochronology."
        paper.save()

    assert ExpertiseJob.objects.get().member_ids == [author.pk]
    assert "tephrochronology" in {term for term, _weight in terms_of(author)}


def test_changes_while_a_computation_waits_join_it(computed, django_capture_on_commit_callbacks):
    ada, bea, cy = computed.members[:3]

    with django_capture_on_commit_callbacks(execute=False) as sent:
        first = refresh_later([ada.pk])
        second = refresh_later([bea.pk, cy.pk])

    assert first is not None and second is None and len(computations_sent(sent)) == 1
    job = run_expertise_job(job_id=first.pk)
    assert job.member_ids == sorted([ada.pk, bea.pk, cy.pk])
    assert not StaleExpertise.objects.exists()


def test_a_change_rolled_back_refreshes_nothing(computed, django_capture_on_commit_callbacks):
    member = computed.members[0]

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            member.research_topics.clear()
            raise RuntimeError("the edit failed")
        PublicationFactory(title="Unrelated fictional paper", authors=["Nobody Fictional"])

    assert not ExpertiseJob.objects.exists()
    assert not StaleExpertise.objects.exists()

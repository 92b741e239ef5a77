"""Jobs as services: claimed by one worker at a time, marked failed when their worker is lost,
retried safely, scheduled over the week, and abandoned uploads deleted."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from core.jobs import JobStatus
from publications import jobs
from publications.importing.run import ImportRun
from publications.models import Authorship, Publication, Release
from publications.runs import HarvestJob, HarvestTrigger, ImportJob, ImportStage
from tests.factories import MemberFactory, UserFactory
from tests.recorded import MEMBER_IDS, record_member_sources, sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)


def queue_harvest(member, django_capture_on_commit_callbacks) -> HarvestJob:
    with django_capture_on_commit_callbacks(execute=False):
        (job,) = jobs.enqueue_harvests(members=type(member).objects.filter(pk=member.pk))
    return job


class TestClaims:
    def test_a_job_is_run_once(self, recorded_sources, member, django_capture_on_commit_callbacks):
        record_member_sources(recorded_sources)
        job = queue_harvest(member, django_capture_on_commit_callbacks)

        assert jobs.run_harvest_job(job_id=job.pk).status == JobStatus.DONE
        count = Publication.objects.count()
        asked = len(recorded_sources.asked)
        # The same message delivered again: nothing to do.
        assert jobs.run_harvest_job(job_id=job.pk) is None
        assert (Publication.objects.count(), len(recorded_sources.asked)) == (count, asked)

    def test_a_job_running_elsewhere_is_left_alone(
        self, member, django_capture_on_commit_callbacks
    ):
        job = queue_harvest(member, django_capture_on_commit_callbacks)
        assert HarvestJob.claim(job.pk) is not None

        assert HarvestJob.claim(job.pk) is None

    def test_a_job_whose_worker_died_can_be_claimed_again(
        self, member, settings, django_capture_on_commit_callbacks
    ):
        job = queue_harvest(member, django_capture_on_commit_callbacks)
        HarvestJob.claim(job.pk)
        HarvestJob.objects.filter(pk=job.pk).update(
            heartbeat_at=timezone.now() - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS + 1)
        )

        claimed = HarvestJob.claim(job.pk)

        assert claimed.status == JobStatus.RUNNING and claimed.attempts == 2


class TestLostJobs:
    def test_a_silent_running_job_is_marked_failed(
        self, member, settings, django_capture_on_commit_callbacks
    ):
        job = queue_harvest(member, django_capture_on_commit_callbacks)
        HarvestJob.claim(job.pk)
        later = timezone.now() + timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS + 1)

        assert jobs.reap_lost_jobs(now=timezone.now()) == 0
        assert jobs.reap_lost_jobs(now=later) == 1

        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert job.error.startswith("Worker perdu") or job.error.startswith("Travailleur perdu")
        assert job.finished_at == later

    def test_a_job_no_worker_took_is_marked_failed(
        self, member, django_capture_on_commit_callbacks
    ):
        job = queue_harvest(member, django_capture_on_commit_callbacks)

        assert jobs.reap_lost_jobs(now=timezone.now() + timedelta(days=2)) == 1
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert "travailleur" in job.error

    def test_a_database_lost_mid_import_keeps_whole_entries_and_a_retry_completes(
        self, monkeypatch, django_capture_on_commit_callbacks
    ):
        """Batch by batch: the batch being written when the database went away leaves
        nothing, the ones before stay whole; the retry recognises them."""
        monkeypatch.setattr("publications.importing.run.IMPORT_BATCH_SIZE", 5)
        bib = "".join(
            f"@article{{a{n}, title={{Article fictif {n}}}, author={{A. Auteur and B. Autre}},"
            f" year=2020, doi={{10.1000/f{n}}}}}\n"
            for n in range(12)
        ).encode()
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start_import(upload=SimpleUploadedFile("list.bib", bib))
        job.refresh_from_db()
        assert job.status == JobStatus.PREVIEWED and job.created == 12
        with django_capture_on_commit_callbacks(execute=False):
            jobs.confirm_import(job=job)
        original = ImportRun._store

        def lose_connection(run, entry):
            if run.read == 8:
                raise OperationalError("server closed the connection unexpectedly")
            return original(run, entry)

        with mock.patch.object(ImportRun, "_store", autospec=True, side_effect=lose_connection):
            jobs.run_import_job(job_id=job.pk)

        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert "retry" in job.error.lower() or "relancez" in job.error.lower()
        # The first batch whole (publication, authors, release), nothing of the second.
        assert Publication.objects.count() == 5
        assert Authorship.objects.count() == 10 and Release.objects.count() == 5

        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.retry_jobs(ImportJob.objects.all()) == 1

        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.DONE, 3)
        assert Publication.objects.count() == 12
        assert (job.created, job.unchanged) == (7, 5)
        assert Authorship.objects.count() == 24 and Release.objects.count() == 12
        assert not job.upload


class TestImports:
    def test_the_preview_saves_nothing_and_the_import_once(
        self, django_capture_on_commit_callbacks
    ):
        upload = SimpleUploadedFile("list.bib", sample("accents-and-duplicates.bib"))
        user = UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start_import(upload=upload, started_by=user)
        job.refresh_from_db()
        assert (job.status, job.stage, job.file_format) == ("previewed", "preview", "bibtex")
        assert (job.created, job.merged, job.skipped) == (3, 1, 2)
        assert Publication.objects.count() == 0
        assert job.upload.storage.location != type(job.upload.storage)().location

        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.confirm_import(job=job)
            assert not jobs.confirm_import(job=job)

        job.refresh_from_db()
        assert (job.status, job.stage) == ("done", ImportStage.IMPORT)
        assert Publication.objects.count() == 3
        history = Publication.history.first()
        assert (history.history_user, history.history_change_reason) == (user, "import")

    def test_an_unreadable_file_fails_with_its_reason(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start_import(upload=SimpleUploadedFile("notes.txt", b"rien"))
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert job.error.startswith("Ce fichier est illisible")

    def test_abandoned_uploads_are_deleted_after_a_day(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            previewed = jobs.start_import(
                upload=SimpleUploadedFile("a.bib", b"@article{a, title={A}}")
            )
            failed = jobs.start_import(upload=SimpleUploadedFile("b.txt", b"rien"))
        previewed.refresh_from_db()
        failed.refresh_from_db()
        storage = previewed.upload.storage
        names = [previewed.upload.name, failed.upload.name]
        assert all(storage.exists(name) for name in names)

        assert jobs.delete_abandoned_uploads() == 0
        assert jobs.delete_abandoned_uploads(now=timezone.now() + timedelta(days=2)) == 2

        assert not any(storage.exists(name) for name in names)
        assert list(ImportJob.objects.values_list("pk", "upload")) == [(failed.pk, "")]


class TestSchedule:
    def test_every_member_with_a_source_once_a_window_spread_over_it(
        self, django_capture_on_commit_callbacks
    ):
        members = [MemberFactory(orcid=f"0000-0002-1825-{n:04d}") for n in range(12)]
        MemberFactory()  # no source
        start = timezone.now().replace(minute=0, second=0, microsecond=0)
        per_hour = []
        with django_capture_on_commit_callbacks(execute=False):
            for hour in range(2 * 6):
                queued = jobs.harvest_due_members(every_hours=6, now=start + timedelta(hours=hour))
                HarvestJob.objects.filter(pk__in=[j.pk for j in queued]).update(
                    status=JobStatus.DONE, queued_at=start + timedelta(hours=hour)
                )
                per_hour.append(len(queued))

        harvested = list(HarvestJob.objects.values_list("member", "queued_at"))
        for member in members:
            hours = sorted(
                (at - start).total_seconds() / 3600 for pk, at in harvested if pk == member.pk
            )
            # Caught up in the first window (never harvested), then once a window at its hour.
            assert hours[0] < 6
            assert len(hours) == 2 or (len(hours) == 1 and hours[0] >= 1), hours
        in_second_window = [at for _pk, at in harvested if at >= start + timedelta(hours=6)]
        assert len(in_second_window) <= len(members)
        assert set(HarvestJob.objects.values_list("trigger", flat=True)) == {
            HarvestTrigger.SCHEDULE
        }
        # Spread: no hour harvests much more than its share (12 members / 6 hours).
        assert max(per_hour) <= 2 * 2

    def test_a_member_already_queued_is_not_queued_twice(
        self, member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert len(jobs.enqueue_harvests(members=type(member).objects.all())) == 1
            assert jobs.enqueue_harvests(members=type(member).objects.all()) == []
        assert len(callbacks) == 1

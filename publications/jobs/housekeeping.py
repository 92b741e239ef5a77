"""What the schedule runs besides harvests, and what staff do with failed jobs: lost jobs
marked failed, abandoned uploads deleted, failed jobs retried."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core import jobs as core_jobs
from core.jobs import JobStatus

from ..discovery.models import ExpertiseJob
from ..runs import HarvestJob, ImportJob
from .common import RUN_HARVEST, RUN_IMPORT, send_once_committed

# An upload nobody confirmed (or whose job failed) is deleted after this long.
ABANDONED_AFTER = timedelta(days=1)


def reap_lost_jobs(*, now=None) -> int:
    """Mark failed the harvests, imports and expertise computations whose worker stopped
    answering; how many."""
    return sum(
        core_jobs.reap_lost_jobs(model, now=now) for model in (HarvestJob, ImportJob, ExpertiseJob)
    )


def delete_abandoned_uploads(*, now=None) -> int:
    """Delete the files of uploads left unconfirmed, or whose job failed, for a day: the
    previews are forgotten, failed jobs keep their record; how many files."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    abandoned = ImportJob.objects.exclude(upload="").filter(
        queued_at__lt=cutoff, status__in=(JobStatus.PREVIEWED, JobStatus.FAILED)
    )
    count = 0
    for job in abandoned.iterator():
        job.upload.delete(save=False)
        if job.status == JobStatus.PREVIEWED:
            ImportJob.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).delete()
        else:
            ImportJob.objects.filter(pk=job.pk).update(upload="")
        count += 1
    return count


def retry_jobs(queryset) -> int:
    """Queue again the failed jobs of `queryset` (harvests or imports, at the stage they
    failed); how many. Safe: what a failed job had saved is recognised, not doubled."""
    task = RUN_HARVEST if queryset.model is HarvestJob else RUN_IMPORT
    with transaction.atomic():
        ids = queryset.model.requeue(queryset)
        for job_id in ids:
            send_once_committed(task, job_id)
    return len(ids)

"""Expertise computations as jobs (`ExpertiseJob`): queued by staff from the admin, by the
nightly schedule, by `compute_expertise`, or once changes of members' topics or publications
are committed (`changes.py`); run by a worker (`publications.tasks.run_expertise`), never in a
request.

Changes are batched: each changed member is noted once (`StaleExpertise`), and a single
queued computation takes every member noted by the time it starts. A computation of everyone
takes the noted members too.
"""

import functools
import logging
import time

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import JobStatus
from members.models import Member

from ..jobs.common import send_once_committed
from .expertise import compute_expertise
from .models import (
    ExpertiseJob,
    ExpertiseTerm,
    ExpertiseTrigger,
    ExpertiseVocabulary,
    SimilarMember,
    StaleExpertise,
)
from .network import refresh_networks
from .similar import refresh_similar

logger = logging.getLogger("publications.jobs")

# The Celery task that runs a computation, sent by name as the other jobs' are: the tasks
# call the jobs, never the other way round.
RUN_EXPERTISE = "publications.tasks.run_expertise"

BATCH = 1_000


def start_expertise(
    *,
    member_ids: list[int] | None = None,
    trigger: str = ExpertiseTrigger.STAFF,
    started_by=None,
    send: bool = True,
) -> ExpertiseJob:
    """Queue a computation of `member_ids` (every published member when None) and send it to
    the workers once committed; a computation of everyone already queued is not queued twice.
    Without `send`, the job is only recorded, for the caller to run (the command)."""
    with transaction.atomic():
        if member_ids is None and send:
            queued = ExpertiseJob.objects.filter(status=JobStatus.QUEUED, everyone=True).first()
            if queued is not None:
                return queued
        job = ExpertiseJob.objects.create(
            everyone=member_ids is None,
            member_ids=sorted(set(member_ids or [])),
            trigger=trigger,
            started_by=started_by,
        )
        if send:
            send_once_committed(RUN_EXPERTISE, job.pk)
    return job


def refresh_later(member_ids: list[int]) -> ExpertiseJob | None:
    """Note that the expertise of `member_ids` is stale, and queue a computation of the noted
    members unless one is queued already (it takes them when it starts); the new job, if any."""
    for start in range(0, len(member_ids), BATCH):
        StaleExpertise.objects.bulk_create(
            [StaleExpertise(member_id=pk) for pk in member_ids[start : start + BATCH]],
            ignore_conflicts=True,
        )
    if ExpertiseJob.objects.filter(status=JobStatus.QUEUED).exists():
        return None
    return start_expertise(member_ids=[], trigger=ExpertiseTrigger.CHANGES)


def _take_stale() -> list[int]:
    """The members noted as changed, no longer noted: this computation answers for them."""
    with transaction.atomic():
        taken = list(StaleExpertise.objects.order_by("pk").values_list("pk", flat=True))
        StaleExpertise.objects.filter(pk__in=taken).delete()
    return taken


def run_expertise_job(*, job_id: int) -> ExpertiseJob | None:
    """Run the queued computation `job_id` on this worker, recording its stage and progress on
    the job; None when there is nothing to run (done already, or running elsewhere)."""
    job = ExpertiseJob.claim(job_id)
    if job is None:
        return None
    started = timezone.now()
    clock = time.monotonic()
    try:
        member_ids = None if job.everyone else job.member_ids
        if job.trigger == ExpertiseTrigger.CHANGES and not member_ids:
            # Kept on the job: a retry computes the same members.
            member_ids = _take_stale()
            job.beat(member_ids=member_ids)
        if member_ids == []:
            job.finish(result={"members": 0})
            return job
        expertise = compute_expertise(
            member_ids=member_ids, progress=functools.partial(_progress, job, "expertise")
        )
        if job.everyone:
            _vacuum(ExpertiseTerm, ExpertiseVocabulary)
        similar = refresh_similar(member_ids, progress=functools.partial(_progress, job, "similar"))
        networks = refresh_networks(
            member_ids, progress=functools.partial(_progress, job, "network")
        )
        if job.everyone:
            _vacuum(SimilarMember)
            StaleExpertise.objects.filter(noted_at__lt=started).delete()
    except (OperationalError, InterfaceError) as error:
        job.fail(
            _(
                "The database could not be reached (%(detail)s). The members computed before "
                "keep their new expertise; retry the job to compute the rest."
            )
            % {"detail": error}
        )
        return job
    except Exception as error:
        logger.exception("Expertise job %s failed", job_id)
        job.fail(_("The computation stopped on an unexpected error: %(error)s") % {"error": error})
        raise
    job.finish(
        result={
            "members": expertise.members,
            "terms": expertise.terms,
            "vocabulary": expertise.vocabulary,
            "pairs": similar.pairs,
            "networks": networks.members,
            "seconds": round(time.monotonic() - clock, 1),
        }
    )
    return job


def _progress(job: ExpertiseJob, stage: str, done: int, total: int) -> None:
    job.beat(stage=stage, progress_done=done, progress_total=total, progress_unit="members")


def _vacuum(*models) -> None:
    """Fresh statistics and visibility maps after a rewrite of whole tables (autovacuum may be
    off): the finder and the similar members then read the term index alone."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def published_member_ids(slugs: list[str]) -> tuple[list[int], list[str]]:
    """The ids of the members `slugs` name, and the slugs no member has."""
    found = dict(Member.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return sorted(found.values()), sorted(set(slugs) - set(found))


def retry_expertise(queryset) -> int:
    """Queue again the failed computations of `queryset`; how many. Safe: a batch is written
    whole or not at all, and computing a member again gives the same rows."""
    with transaction.atomic():
        ids = ExpertiseJob.requeue(queryset)
        for job_id in ids:
            send_once_committed(RUN_EXPERTISE, job_id)
    return len(ids)

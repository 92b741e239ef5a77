"""Harvest jobs: queued for members (by staff, the command or the schedule), run by a worker."""

import math
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_as
from core.jobs import JobStatus
from members.models import Member

from ..importing import ImportInterrupted
from ..importing.harvest import SOURCES, Harvest
from ..runs import HarvestJob, HarvestTrigger
from .common import RUN_HARVEST, logger, report_fields, send_once_committed


def harvestable(members=None):
    """The members (of `members`, else all) whose profile names at least one source."""
    members = Member.objects.all() if members is None else members
    names_a_source = Q()
    for source in SOURCES:
        names_a_source |= ~Q(**{source.profile_field: ""})
    return members.filter(names_a_source)


def enqueue_harvests(
    *, members, trigger: str = HarvestTrigger.STAFF, started_by=None
) -> list[HarvestJob]:
    """Queue a harvest of each of `members` (a queryset) whose profile names a source, and send
    them to the workers once committed; the new jobs. A member whose harvest is already queued
    or running is not queued twice."""
    members = harvestable(members)
    busy = HarvestJob.objects.filter(
        member=OuterRef("pk"), status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    )
    with transaction.atomic():
        jobs = HarvestJob.objects.bulk_create(
            [
                HarvestJob(member_id=pk, trigger=trigger, started_by=started_by)
                for pk in members.exclude(Exists(busy)).values_list("pk", flat=True).iterator()
            ],
            batch_size=1000,
        )
        for job in jobs:
            send_once_committed(RUN_HARVEST, job.pk)
    return jobs


def run_harvest_job(*, job_id: int) -> HarvestJob | None:
    """Run the queued harvest `job_id` on this worker, recording its progress and outcome on
    the job; None when there is nothing to run (done already, or running elsewhere)."""
    job = HarvestJob.claim(job_id)
    if job is None:
        return None
    try:
        with recorded_as("harvest", user=job.started_by):
            report = Harvest(job.member, progress=job.beat).run()
    except ImportInterrupted as error:
        job.fail(str(error))
        return job
    except Exception as error:
        logger.exception("Harvest job %s failed", job_id)
        job.fail(_("The harvest stopped on an unexpected error: %(error)s") % {"error": error})
        raise
    fields = report_fields(report.imported, unreadable=report.unreadable_works)
    fields["details"] = {**fields.pop("report"), "not_asked": report.not_asked}
    failures = [{"source": source, "reason": reason} for source, reason in report.failures]
    if report.failures and not report.read:
        job.fail(
            _("No source could be read: %(reasons)s")
            % {"reasons": " ".join(report.failure_messages())},
            source_errors=failures,
            **fields,
        )
        return job
    job.finish(
        sources_read=[{"source": source, "works": count} for source, count in report.read],
        source_errors=failures,
        **fields,
    )
    return job


def harvest_due_members(*, every_hours: int = 168, now=None) -> list[HarvestJob]:
    """Queue the harvests whose turn it is, for this hour: every member who names a source is
    harvested once every `every_hours` hours (a week by default), at their own hour of the
    window, so that harvests spread over it rather than all at once. Members not harvested for
    longer (new ones, or after the schedule stopped) are caught up, a window's share an hour."""
    now = now or timezone.now()
    every_hours = max(1, int(every_hours))
    hour = int(now.timestamp() // 3600) % every_hours
    members = harvestable()

    def harvested_since(hours: float):
        return Exists(
            HarvestJob.objects.filter(
                member=OuterRef("pk"), queued_at__gte=now - timedelta(hours=hours)
            )
        )

    # Harvested within the window already (by staff, or caught up): this turn is skipped.
    on_time = list(
        members.alias(hour=Mod(F("pk"), every_hours))
        .filter(hour=hour)
        .exclude(harvested_since(every_hours - 1))
        .values_list("pk", flat=True)
    )
    # Never harvested, or not for two windows: a window's share an hour, oldest members first.
    share = math.ceil(members.count() / every_hours)
    overdue = list(
        members.exclude(pk__in=on_time)
        .exclude(harvested_since(2 * every_hours))
        .order_by("pk")
        .values_list("pk", flat=True)[:share]
    )
    return enqueue_harvests(
        members=Member.objects.filter(pk__in=[*on_time, *overdue]),
        trigger=HarvestTrigger.SCHEDULE,
    )

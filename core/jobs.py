"""Work that runs in the background, kept as a record staff can read: who started it, where it
stands, how far it got, and why it failed.

A job is claimed by one worker at a time (`Job.claim`), shows a sign of life while it runs
(`beat`), and ends done or failed. A worker that dies leaves its job running with an old
heartbeat: `reap_lost_jobs` marks it failed, and a retry puts it back in the queue.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    # An import's preview is ready and waits for staff to confirm it.
    PREVIEWED = "previewed", _("Waiting for confirmation")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)
# What a job's progress counts, as staff read it.
PROGRESS_UNITS = {"sources": _("sources"), "entries": _("entries")}


def stale_after() -> timedelta:
    """How long a running job may stay silent before it is taken for lost."""
    return timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)


class Job(models.Model):
    """What every background job records: its status, progress and times."""

    # No public page shows a job's record: its progress, saved every few seconds, changes no
    # page (what the job writes does).
    shown_on_pages = False

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # "3 of 5 sources", "4,000 of 10,000 entries": what `progress_unit` counts.
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("out of"), default=0)
    progress_unit = models.CharField(_("counting"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-queued_at", "-pk")

    # --- Lifecycle: each step one UPDATE, so that two workers never both run a job ----------

    @classmethod
    def claim(cls, pk: int, *, claimable=None):
        """The job `pk`, now running on this worker; None if it is finished, waits for staff, or
        runs elsewhere with a recent heartbeat. A job whose worker died can be claimed again:
        running a job twice is safe, claiming it twice at once is not."""
        now = timezone.now()
        condition = Q(status=JobStatus.QUEUED) | Q(
            status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after()
        )
        if claimable is not None:
            condition &= claimable
        claimed = (
            cls._default_manager.filter(condition, pk=pk).update(
                status=JobStatus.RUNNING,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                error="",
                attempts=F("attempts") + 1,
            )
            == 1
        )
        return cls._default_manager.get(pk=pk) if claimed else None

    def beat(self, **fields) -> None:
        """A sign of life, with whatever progress `fields` give (progress_done=4000…)."""
        fields["heartbeat_at"] = timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        type(self)._default_manager.filter(pk=self.pk, status=JobStatus.RUNNING).update(**fields)

    def finish(self, *, status: str = JobStatus.DONE, **fields) -> None:
        now = timezone.now()
        fields.update(status=status, heartbeat_at=now)
        if status in FINISHED:
            fields["finished_at"] = now
        for name, value in fields.items():
            setattr(self, name, value)
        type(self)._default_manager.filter(pk=self.pk).update(**fields)

    def fail(self, reason: str, **fields) -> None:
        """Mark the job failed with `reason`; when even that cannot be written (the database is
        gone), the reaper will mark it later."""
        connection = connections[type(self)._default_manager.db]
        replace_if_broken(connection)
        try:
            self.finish(status=JobStatus.FAILED, error=reason, **fields)
        except DatabaseError:
            connection.close()

    @classmethod
    def requeue(cls, queryset) -> list[int]:
        """Put the failed jobs of `queryset` back in the queue; their ids."""
        ids = list(queryset.filter(status=JobStatus.FAILED).values_list("pk", flat=True))
        cls._default_manager.filter(pk__in=ids, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, queued_at=timezone.now(), finished_at=None
        )
        return ids

    # --- What staff read -------------------------------------------------------------------

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def progress_text(self) -> str:
        if not self.progress_total:
            return ""
        return gettext("%(done)s of %(total)s %(unit)s") % {
            "done": f"{self.progress_done:,}",
            "total": f"{self.progress_total:,}",
            "unit": PROGRESS_UNITS.get(self.progress_unit, self.progress_unit),
        }


def replace_if_broken(connection) -> None:
    """Close a connection that a lost database broke, so that the next query opens a new one;
    one inside a transaction is left to whoever opened the transaction."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def reap_lost_jobs(model, *, now=None) -> int:
    """Mark failed the jobs of `model` whose worker stopped answering, and the ones no worker
    took in a day; how many."""
    now = now or timezone.now()
    lost = model._default_manager.filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    count = 0
    for pk, heartbeat in lost.values_list("pk", "heartbeat_at"):
        reason = gettext(
            "Worker lost: no sign of life since %(time)s (the worker was stopped or lost its "
            "database). Nothing of the batch it was writing was kept; retry the job to complete "
            "it."
        ) % {"time": date_format(timezone.localtime(heartbeat), "DATETIME_FORMAT")}
        count += model._default_manager.filter(
            pk=pk, status=JobStatus.RUNNING, heartbeat_at=heartbeat
        ).update(status=JobStatus.FAILED, error=reason, finished_at=now)
    never_started = model._default_manager.filter(
        status=JobStatus.QUEUED,
        queued_at__lt=now - timedelta(seconds=settings.JOBS_QUEUED_TIMEOUT_SECONDS),
    )
    count += never_started.update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=gettext("No worker took this job in time: is a worker running? Retry it."),
    )
    return count

"""Import jobs: an uploaded file stored with its job, read and previewed by a worker, then, once
staff confirm the preview (once only), imported by a worker."""

import secrets
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_as
from core.jobs import JobStatus
from members.models import Member

from ..importing import ImportInterrupted, import_publications
from ..importing.readers import UnreadableFile, guess_format, parse
from ..importing.readers.base import decode
from ..models import ReviewStatus
from ..runs import ImportJob, ImportStage
from .common import RUN_IMPORT, logger, report_fields, send_once_committed


def start_import(
    *,
    upload: UploadedFile,
    file_format: str = "",
    member: Member | None = None,
    approve: bool = True,
    started_by=None,
) -> ImportJob:
    """Store `upload` with a new import job and queue its preview; the job."""
    name = PurePath(upload.name or "upload").name[:255]
    job = ImportJob(
        file_name=name,
        file_format=file_format,
        member=member,
        approve=approve,
        started_by=started_by,
    )
    # A name of our own: the uploaded one only labels the job.
    job.upload.save(f"{secrets.token_hex(12)}{PurePath(name).suffix[:10]}", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            send_once_committed(RUN_IMPORT, job.pk)
    except Exception:
        job.upload.delete(save=False)
        raise
    return job


def confirm_import(*, job: ImportJob) -> bool:
    """Queue the import of `job`'s previewed file; False when it was confirmed already (by a
    second click, another tab, or another person): a preview is imported once."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).update(
            status=JobStatus.QUEUED,
            stage=ImportStage.IMPORT,
            confirmed_at=now,
            queued_at=now,
            progress_done=0,
            error="",
        )
        if confirmed:
            send_once_committed(RUN_IMPORT, job.pk)
    return bool(confirmed)


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run the queued stage of import job `job_id` on this worker: the preview (everything
    rolled back) or the import; None when there is nothing to run."""
    job = ImportJob.claim(job_id)
    if job is None:
        return None
    try:
        with recorded_as("import", user=job.started_by):
            if job.stage == ImportStage.PREVIEW:
                _preview(job)
            else:
                _import(job)
    except UnreadableFile as error:
        job.fail(_("This file cannot be read: %(reason)s.") % {"reason": error})
    except ImportInterrupted as error:
        job.fail(_interrupted_message(job, error))
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        job.fail(_("The import stopped on an unexpected error: %(error)s") % {"error": error})
        raise
    return job


def _read(job: ImportJob):
    """The entries of the job's file, read once; UnreadableFile when they cannot be."""
    try:
        with job.upload.open("rb") as stored:
            text = decode(stored.read())
    except (OSError, ValueError):
        raise UnreadableFile(_("the uploaded file is no longer stored; upload it again")) from None
    file_format = job.file_format or guess_format(job.file_name, text)
    parsed = parse(text, format=file_format)
    job.beat(
        file_format=file_format,
        progress_done=0,
        progress_total=len(parsed.entries),
        progress_unit="entries",
    )
    return parsed


def _status(job: ImportJob) -> str:
    return ReviewStatus.APPROVED if job.approve else ReviewStatus.PENDING


def _preview(job: ImportJob):
    parsed = _read(job)
    # What importing would do, rolled back: one transaction, so its progress shows at the end
    # (the 5 MB upload limit keeps it to about a minute, well within JOBS_STALE_AFTER_SECONDS).
    with transaction.atomic():
        report = import_publications(entries=parsed.entries, member=job.member, status=_status(job))
        transaction.set_rollback(True)
    job.finish(
        status=JobStatus.PREVIEWED,
        progress_done=len(parsed.entries),
        **report_fields(report, unreadable=parsed.errors),
    )


def _import(job: ImportJob):
    parsed = _read(job)
    # Batch by batch, each committed: the progress shows, and a job that dies keeps whole
    # entries only; running it again recognises them and completes the rest.
    report = import_publications(
        entries=parsed.entries,
        member=job.member,
        status=_status(job),
        progress=lambda read: job.beat(progress_done=read),
    )
    job.upload.delete(save=False)
    job.finish(upload="", **report_fields(report, unreadable=parsed.errors))


def _interrupted_message(job: ImportJob, error: ImportInterrupted) -> str:
    if job.stage == ImportStage.PREVIEW:
        return _(
            "The database could not be reached while previewing the file. Nothing was saved; "
            "retry once the database is back."
        )
    return _(
        "The database could not be reached during the import (%(detail)s). The entries "
        "imported before were kept whole, the rest were not; retry the import once the "
        "database is back: the entries already saved are recognised and not doubled."
    ) % {"detail": error}

"""What harvest and import jobs share: how they are sent to a worker, and how an import's
report is kept on the job's record."""

import functools
import logging

from celery import current_app
from django.db import transaction

from core.text import clean_text

from ..importing.report import ImportReport

logger = logging.getLogger("publications.jobs")

# Titles kept per list of a report (created, merged…): the page shows these and the count.
LISTED = 200


# The Celery tasks that run each kind of job (`publications/tasks.py`), named as the schedule
# names them: the tasks call the jobs, never the other way round.
RUN_HARVEST = "publications.tasks.run_harvest"
RUN_IMPORT = "publications.tasks.run_import"


def send_once_committed(task_name: str, job_id: int) -> None:
    """Have a worker run the task `task_name` for `job_id` once the job's row is committed (the
    worker reads it); at once in the embedded default, which has no broker."""
    task = current_app.tasks[task_name]
    transaction.on_commit(functools.partial(task.delay, job_id))


def report_fields(report: ImportReport, *, unreadable=()) -> dict:
    """The job fields that record `report`: its counts, and what staff may want to read."""
    skipped = [*unreadable, *report.skipped]
    return {
        **report.summary(),
        "skipped": len(skipped),
        "report": {
            "created": [[p.title, p.year] for p in report.created[:LISTED]],
            "merged": [[p.title, p.year] for p in report.merged[:LISTED]],
            "unchanged": [[p.title, p.year] for p in report.unchanged[:LISTED]],
            # Labels and reasons may quote the file: kept without control characters, which
            # PostgreSQL's JSON refuses.
            "skipped": [
                [clean_text(label), clean_text(reason)] for label, reason in skipped[:LISTED]
            ],
            "ambiguous": [[title, name] for title, name in report.ambiguous_authors[:LISTED]],
            "notes": [
                [clean_text(title), clean_text(note)] for title, note in report.notes[:LISTED]
            ],
        },
    }

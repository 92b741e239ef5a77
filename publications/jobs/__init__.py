"""Publication jobs, the writes behind the Celery tasks (`publications/tasks.py`): harvests and
imports queued for a worker and run there, and the schedule's housekeeping."""

from .harvests import enqueue_harvests, harvest_due_members, run_harvest_job
from .housekeeping import delete_abandoned_uploads, reap_lost_jobs, retry_jobs
from .imports import confirm_import, run_import_job, start_import

__all__ = [
    "confirm_import",
    "delete_abandoned_uploads",
    "enqueue_harvests",
    "harvest_due_members",
    "reap_lost_jobs",
    "retry_jobs",
    "run_harvest_job",
    "run_import_job",
    "start_import",
]

"""The Celery tasks of publications: thin shells over `publications.jobs`, called with ids.

Each is safe to run twice: a job is claimed by one worker at a time, and running a finished
job does nothing.
"""

from celery import shared_task

from . import jobs
from .discovery import jobs as discovery_jobs
from .discovery.models import ExpertiseTrigger


@shared_task
def run_harvest(job_id: int) -> None:
    jobs.run_harvest_job(job_id=job_id)


@shared_task
def run_import(job_id: int) -> None:
    jobs.run_import_job(job_id=job_id)


@shared_task
def harvest_due_members(every_hours: int = 168) -> int:
    return len(jobs.harvest_due_members(every_hours=every_hours))


@shared_task
def reap_lost_jobs() -> int:
    return jobs.reap_lost_jobs()


@shared_task
def delete_abandoned_uploads() -> int:
    return jobs.delete_abandoned_uploads()


@shared_task
def run_expertise(job_id: int) -> None:
    discovery_jobs.run_expertise_job(job_id=job_id)


@shared_task
def compute_expertise_of_everyone() -> int:
    """The schedule's computation of every published member (nightly)."""
    return discovery_jobs.start_expertise(trigger=ExpertiseTrigger.SCHEDULE).pk

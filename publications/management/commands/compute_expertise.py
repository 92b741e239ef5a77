"""Compute ahead what the expert finder and the similar members read: every published member's
expertise and the members closest to each (or only those of the members given).

The computation is a job like the ones staff start from the admin (Expertise computations):
run here and now by default, recorded with its progress and result; with --queue, left to
the workers."""

from django.core.management.base import BaseCommand, CommandError

from core.jobs import JobStatus
from publications.discovery.jobs import published_member_ids, run_expertise_job, start_expertise
from publications.discovery.models import ExpertiseTrigger


class Command(BaseCommand):
    help = (
        "Compute the expertise of every published member (topics, titles and abstracts of "
        "their public publications) and their similar members; with --member, only theirs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--member",
            metavar="SLUG",
            action="append",
            dest="members",
            help="only this member (repeat for several); the others' stay as they are",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the computation for the workers instead of running it here",
        )

    def handle(self, *args, members=None, queue=False, **options):
        member_ids = None
        if members:
            member_ids, missing = published_member_ids(members)
            if missing:
                raise CommandError(f"No member has the slug “{missing[0]}”.")
        job = start_expertise(member_ids=member_ids, trigger=ExpertiseTrigger.COMMAND, send=queue)
        if queue:
            self.stdout.write(f"Computation {job.pk} queued for the workers.")
            return
        job = run_expertise_job(job_id=job.pk)
        if job.status == JobStatus.FAILED:
            raise CommandError(job.error)
        self.stdout.write(job.summary())

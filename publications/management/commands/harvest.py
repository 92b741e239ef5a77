"""Queue harvests of members' works from DBLP, OpenAlex and ORCID, imported for review."""

from django.core.management.base import BaseCommand, CommandError

from core.jobs import JobStatus
from members.models import Member
from publications.jobs import enqueue_harvests
from publications.runs import HarvestJob, HarvestTrigger


class Command(BaseCommand):
    help = (
        "Queue a harvest of a member's works (or of every member's) from DBLP, OpenAlex and "
        "ORCID, completed by Crossref and arXiv, imported as pending publications for staff to "
        "review. A worker runs them (make worker); without CELERY_BROKER_URL they run here, now."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--member", metavar="SLUG", action="append", help="a member whose works to fetch"
        )
        which.add_argument(
            "--all",
            action="store_true",
            help="every member whose profile names DBLP, OpenAlex or ORCID",
        )

    def handle(self, *args, member=None, all=False, **options):
        if all:
            members = Member.objects.all()
        else:
            members = Member.objects.filter(slug__in=member)
            missing = set(member) - set(members.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No member has the slug “{', '.join(sorted(missing))}”.")
        jobs = enqueue_harvests(members=members, trigger=HarvestTrigger.COMMAND)
        if not jobs:
            raise CommandError(
                "Nothing to harvest: no DBLP, OpenAlex or ORCID identifier on the profile, "
                "or a harvest is already queued or running."
            )
        self.stdout.write(f"{len(jobs)} harvest(s) queued.")
        # Without a broker they have run already: say what they did.
        failed = 0
        for job in HarvestJob.objects.filter(pk__in=[j.pk for j in jobs]).select_related("member"):
            if job.status == JobStatus.QUEUED:
                continue
            self._report(job)
            failed += job.status == JobStatus.FAILED
        if failed and failed == len(jobs):
            raise CommandError("Nothing could be fetched.")

    def _report(self, job: HarvestJob):
        self.stdout.write(f"{job.member} ({job.member.slug}): {job.get_status_display()}.")
        for item in job.sources_read:
            self.stdout.write(f"  {item['source']}: {item['works']} works read.")
        for item in job.source_errors:
            self.stderr.write(self.style.ERROR(f"  {item['source']}: {item['reason']}"))
        if job.error and not job.source_errors:
            self.stderr.write(self.style.ERROR(f"  {job.error}"))
        self.stdout.write(
            f"  created {job.created}, merged {job.merged}, unchanged {job.unchanged}, "
            f"pending {job.pending}, skipped {job.skipped}"
        )
        for label, reason in (job.details or {}).get("skipped", []):
            self.stdout.write(f"  skipped {label}: {reason}")

"""Fetch a member's works from DBLP, OpenAlex and ORCID and import them for review."""

from django.core.management.base import BaseCommand, CommandError

from members.models import Member
from publications.harvest import harvest_member


class Command(BaseCommand):
    help = (
        "Fetch a member's works from DBLP, OpenAlex and ORCID (with the identifiers on the "
        "profile) and import them as pending publications for staff to review."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--member", metavar="SLUG", required=True, help="the member whose works to fetch"
        )

    def handle(self, *args, member, **options):
        try:
            owner = Member.objects.get(slug=member)
        except Member.DoesNotExist:
            raise CommandError(f"No member has the slug “{member}”.") from None
        report = harvest_member(member=owner)
        for source, count in report.read:
            self.stdout.write(f"{source}: {count} works read.")
        for source in report.not_asked:
            self.stdout.write(f"{source}: not asked, the profile has no identifier for it.")
        for message in report.failure_messages():
            self.stderr.write(self.style.ERROR(message))
        imported = report.imported
        skipped = report.unreadable_works + imported.skipped
        counts = {**imported.summary(), "skipped": len(skipped)}
        self.stdout.write(", ".join(f"{what} {count}" for what, count in counts.items()))
        for label, reason in skipped:
            self.stdout.write(f"  skipped {label}: {reason}")
        for title, name in imported.ambiguous_authors:
            self.stdout.write(f"  not linked, several members match “{name}” in {title}")
        if report.failures and not report.read:
            raise CommandError(f"Nothing could be fetched for {owner}.")
        self.stdout.write(self.style.SUCCESS("Harvest done; new publications wait for review."))

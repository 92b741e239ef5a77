"""Fetch a member's works from DBLP, OpenAlex and ORCID and import them for review."""

from django.core.management.base import BaseCommand, CommandError

from members.models import Member
from publications.importing.harvest import harvest_member


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
        for line in report.imported.lines(unreadable=report.unreadable_works):
            self.stdout.write(line)
        if report.failures and not report.read:
            raise CommandError(f"Nothing could be fetched for {owner}.")
        self.stdout.write(self.style.SUCCESS("Harvest done; new publications wait for review."))

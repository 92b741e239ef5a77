"""Load the demo: the seed member (from the text of his public profile) and fictional members.

Idempotent: a second run finds everything in place and changes nothing.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from core.text import ascii_slug
from directory.demo.fictional import (
    EXTRA_TOPICS,
    MEMBERSHIP_TYPES,
    ORGANISATIONS,
    fictional_directory,
)
from members.models import Member
from members.services import sync_member, sync_reference_data
from publications.discovery.expertise import compute_expertise
from publications.discovery.similar import refresh_similar
from publications.importing import PublicationEntry, import_publications

SEED_FILE = Path(__file__).resolve().parents[2] / "demo" / "seed_member.json"


class Command(BaseCommand):
    help = "Load the demo directory: the seed member and about fifty fictional members."

    @transaction.atomic
    def handle(self, *args, **options):
        seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        fictional = fictional_directory([topic["slug"] for topic in seed["topics"]])

        reference = sync_reference_data(
            topics=[*seed["topics"], *EXTRA_TOPICS],
            membership_types=MEMBERSHIP_TYPES,
            organisations=[*ORGANISATIONS, {"name": "Google DeepMind", "url": ""}],
        )
        created = changed = unchanged = 0
        for values in [seed["member"], *fictional["members"]]:
            values = dict(values)
            slug = values.pop("slug", None) or ascii_slug(
                f"{values['given_name']} {values['family_name']}"
            )
            _, was_created, was_changed = sync_member(slug=slug, **values)
            created += was_created
            changed += was_changed and not was_created
            unchanged += not (was_created or was_changed)

        seed_member = Member.objects.get(slug=seed["member"]["slug"])
        reports = [
            import_publications(
                entries=[PublicationEntry(**entry) for entry in seed["publications"]],
                member=seed_member,
            ),
            import_publications(
                entries=[PublicationEntry(**entry) for entry in fictional["publications"]]
            ),
        ]
        totals = {key: sum(r.summary()[key] for r in reports) for key in reports[0].summary()}
        self.stdout.write(
            f"Topics, membership types, organisations: {reference.created} created, "
            f"{reference.updated} updated, {reference.unchanged} unchanged."
        )
        self.stdout.write(f"Members: {created} created, {changed} updated, {unchanged} unchanged.")
        self.stdout.write(
            "Publications: {created} created, {merged} merged, {unchanged} unchanged, "
            "{skipped} skipped.".format(**totals)
        )
        for report in reports:
            for title, reason in report.skipped:
                self.stderr.write(f"  skipped {title!r}: {reason}")
        # What the expert finder and the profiles' similar members read, computed ahead.
        for line in [*compute_expertise().lines(), *refresh_similar().lines()]:
            self.stdout.write(line)

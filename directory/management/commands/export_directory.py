"""`manage.py export_directory PATH`: the whole directory as one .zip (JSON and portraits)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from directory.transfer import export_directory


class Command(BaseCommand):
    help = (
        "Write members, research topics, membership types, organisations, publications with "
        "their authors, and portraits to a .zip file that import_directory reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The .zip file to write.")

    def handle(self, *args, path: Path, **options):
        counts = export_directory(path=path)
        summary = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Exported {summary} to {path}."))

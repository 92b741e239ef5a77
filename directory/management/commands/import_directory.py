"""`manage.py import_directory PATH`: bring this instance to what an export holds."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.transfer import TransferError, import_directory


class Command(BaseCommand):
    help = (
        "Import a .zip written by export_directory: records are matched by slug (organisations "
        "by name), created or updated, all in one transaction; importing twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The .zip file written by export_directory.")

    def handle(self, *args, path: Path, **options):
        try:
            report = import_directory(path=path)
        except TransferError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Imported {path}."))

"""Fill in the language of the titles and abstracts that do not have one yet."""

from django.core.management.base import BaseCommand

from publications.services import fill_languages


class Command(BaseCommand):
    help = (
        "Detect the language of every publication's title and abstract whose language is "
        "unknown (French or English when sure, another language when just as sure)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="detect every publication again, replacing languages sources or staff gave",
        )

    def handle(self, *args, overwrite=False, **options):
        changed = fill_languages(overwrite=overwrite)
        self.stdout.write(f"Languages: {changed} publications updated.")

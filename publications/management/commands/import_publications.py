"""Bring publications in from a BibTeX, DBLP person, OpenAlex or ORCID file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from members.models import Member
from publications.importing import ImportInterrupted, import_publications
from publications.importing.readers import FORMATS, UnreadableFile, guess_format, parse

# Larger files are not publication lists; reading them whole would only exhaust memory.
MAX_FILE_SIZE = 50 * 1024 * 1024
BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import publications from a file: created, merged, unchanged, pending and skipped "
        "entries are listed, with the reason for each skipped one. The same paper is stored once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="BibTeX (.bib), DBLP person XML, OpenAlex or ORCID JSON")
        parser.add_argument(
            "--format", choices=FORMATS, help="the file's format; guessed from it when not given"
        )
        parser.add_argument(
            "--member", metavar="SLUG", help="the member whose publication list this is"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen, save nothing"
        )

    def handle(self, *args, path, member=None, dry_run=False, **options):
        owner = self._member(member)
        content = self._read(Path(path))
        try:
            file_format = options["format"] or guess_format(path, content)
            parsed = parse(content, format=file_format)
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            f"{Path(path).name}: {len(parsed.entries) + len(parsed.errors)} entries read "
            f"as {file_format}" + (f" for {owner} ({owner.slug})" if owner else "") + "."
        )
        # A progress bar for a person at a terminal; nothing in a log or a pipe.
        progress = self._progress_bar(len(parsed.entries)) if self.stdout.isatty() else None
        try:
            with transaction.atomic():
                report = import_publications(
                    entries=parsed.entries, member=owner, progress=progress
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ImportInterrupted as error:
            # In English, as the rest of the command's output.
            with translation.override("en"):
                raise CommandError(error.nothing_saved_message()) from error
        for line in report.lines(unreadable=parsed.errors):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS("Import done."))

    def _progress_bar(self, total: int):
        def show(read: int):
            filled = BAR_WIDTH * read // total if total else BAR_WIDTH
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {read:,} of {total:,} entries", ending="")
            if read >= total:
                self.stdout.write("")
            self.stdout.flush()

        return show

    def _member(self, slug: str | None) -> Member | None:
        if not slug:
            return None
        try:
            return Member.objects.get(slug=slug)
        except Member.DoesNotExist:
            raise CommandError(f"No member has the slug “{slug}”.") from None

    def _read(self, path: Path) -> bytes:
        try:
            if path.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(f"{path}: larger than {MAX_FILE_SIZE // 2**20} MB.")
            return path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a directory, not a file.") from None
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None

"""Time the import of a large, plainly fictional BibTeX file, leaving the database as it was."""

import random
import time

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from publications.importing import import_publications
from publications.importing.readers import bibtex
from publications.models import Authorship, Publication, Release

WORDS = (
    *("fictional", "sparse", "adaptive", "graph", "kernel", "lattice", "quantum", "robust"),
    *("streaming", "neural", "bayesian", "inference", "memory", "ensemble", "gradient"),
    *("spectral", "causal", "federated", "symbolic", "topology", "oracle"),
)
GIVEN = ("Ada", "Bruno", "Chloé", "Dmitri", "Élodie", "Farid", "Gaëlle", "Hugo", "Inès", "Jonas")
FAMILY = ("Imaginaire", "Fictif", "Exemple", "Dupont-Rêve", "Nullepart", "Personne", "Songe")
# Every so many entries, one repeats an earlier paper (DOI in another spelling) or is broken.
DUPLICATE_EVERY = 20
MALFORMED_EVERY = 100


def fictional_bibtex(count: int, *, seed: int = 4) -> str:
    """`count` BibTeX entries of papers that do not exist, some repeated and some malformed."""
    chance = random.Random(seed)  # noqa: S311 - test data, not secrets
    entries = []
    for number in range(1, count + 1):
        if number % MALFORMED_EVERY == 0:
            entries.append(f"@article{{broken{number},\n  title = {{Unclosed {number},\n}}\n")
            continue
        original = chance.randrange(1, number) if number % DUPLICATE_EVERY == 0 else number
        doi = f"10.5555/fictional.{original}"
        if original != number:
            doi = f"https://doi.org/{doi.upper()}"
        words = _title_words(original)
        authors = " and ".join(
            f"{FAMILY[(original + n) % len(FAMILY)]}, {GIVEN[(original * 3 + n) % len(GIVEN)]}"
            for n in range(1 + original % 4)
        )
        entries.append(
            f"@inproceedings{{fictional{number},\n"
            f"  title = {{{' '.join(words).capitalize()} number {original}}},\n"
            f"  author = {{{authors}}},\n"
            f"  booktitle = {{Imaginary Conference on {words[0].capitalize()}}},\n"
            f"  year = {{{2000 + original % 25}}},\n"
            f"  doi = {{{doi}}},\n}}\n"
        )
    return "\n".join(entries)


def _title_words(number: int) -> list[str]:
    return random.Random(number).sample(WORDS, 5)  # noqa: S311


class Command(BaseCommand):
    help = (
        "Import a generated file of fictional BibTeX entries inside a transaction that is rolled "
        "back, and print how long parsing and storing took."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000, help="how many entries")
        parser.add_argument(
            "--database-url", help="the database to measure on (default: the configured one)"
        )

    def handle(self, *args, entries, database_url=None, **options):
        if entries < 1:
            raise CommandError("--entries must be at least 1.")
        if database_url:
            self._use_database(database_url)
        vendor = connections[DEFAULT_DB_ALIAS].vendor
        text = fictional_bibtex(entries)
        if vendor == "postgresql" and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            self._vacuum()  # VACUUM cannot run in a transaction (such as a test's).

        started = time.perf_counter()
        parsed = bibtex.parse(text)
        parsed_in = time.perf_counter() - started

        started = time.perf_counter()
        with transaction.atomic():
            report = import_publications(entries=parsed.entries)
            transaction.set_rollback(True)  # A measurement leaves nothing behind.
        stored_in = time.perf_counter() - started

        total = parsed_in + stored_in
        self.stdout.write(f"{entries} fictional BibTeX entries on {vendor}")
        self.stdout.write(
            ", ".join(f"{what} {count}" for what, count in report.summary().items())
            + f"; unreadable {len(parsed.errors)}"
        )
        self.stdout.write(f"parsing: {parsed_in:.2f} s ({entries / parsed_in:.0f} entries/s)")
        self.stdout.write(
            f"storing: {stored_in:.2f} s ({len(parsed.entries) / stored_in:.0f} entries/s)"
        )
        self.stdout.write(f"total: {total:.2f} s ({entries / total:.0f} entries/s)")

    def _vacuum(self):
        # A rolled-back run leaves its entries in the search index's pending list (GIN
        # fastupdate); the next run would pay for cleaning them up. Start each run clean.
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            for model in (
                Publication,
                Authorship,
                Release,
                Publication.history.model,
                Authorship.history.model,
            ):
                cursor.execute(f'VACUUM "{model._meta.db_table}"')

    def _use_database(self, url: str):
        try:
            database = dj_database_url.parse(url)
        except ValueError as error:
            raise CommandError(f"--database-url: {error}") from None
        settings.DATABASES[DEFAULT_DB_ALIAS] = {
            **settings.DATABASES[DEFAULT_DB_ALIAS],
            **database,
        }
        connections.close_all()
        connections.settings = connections.configure_settings(settings.DATABASES)
        del connections[DEFAULT_DB_ALIAS]

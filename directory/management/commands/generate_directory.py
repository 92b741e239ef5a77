"""Fill the database with a large, plainly fictional directory, for benchmarks and load tests.

Everything is invented: names are combinations from a list, organisations are "fictive", and
titles say they are fictional. Counts are skewed like a real institute's: a few members have
thousands of publications, most have a handful.
"""

import itertools
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from core.text import ascii_slug, fold
from directory.demo.fictional import FAMILY_NAMES, GIVEN_NAMES, MEMBERSHIP_TYPES, POSITIONS
from members import counts
from members import topic_ids as kept_topic_ids
from members.models import Member, MembershipType, Organisation, ResearchTopic
from members.services import sync_reference_data
from publications import entries
from publications.models import (
    Authorship,
    ProfileEntry,
    Publication,
    PublicationKind,
    TopicEntry,
    title_key,
)

BATCH = 5_000
# The tables a run fills (the list entries by triggers, or at the end): `--fast` loads
# them without their `Meta.indexes` and triggers.
FILLED_MODELS = (
    Member,
    Member.research_topics.through,
    Publication,
    Authorship,
    Publication.topics.through,
    ProfileEntry,
    TopicEntry,
)
EXTRA_FAMILY_NAMES = [
    "Abara",
    "Bélair",
    "Castañeda",
    "Dufresne",
    "Eriksdóttir",
    "Fujiwara",
    "Gómez",
    "Håkansson",
    "Iwu",
    "Jääskeläinen",
    "Kovačević",
    "Lemaître",
    "Mwangi",
    "Nakamura",
    "Ouellet",
    "Przybylski",
    "Quintero",
    "Rønning",
    "Szabó",
    "Takahashi",
    "Uçar",
    "Vázquez",
    "Wójcik",
    "Xiong",
    "Yılmaz",
    "Zaïdi",
]
WORDS = [
    "apprentissage",
    "graphes",
    "représentations",
    "robustesse",
    "attention",
    "mémoire",
    "généralisation",
    "optimisation",
    "incertitude",
    "causalité",
    "transfert",
    "équité",
    "learning",
    "networks",
    "sparse",
    "recurrent",
    "bayesian",
    "kernel",
    "diffusion",
    "policy",
]


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Inserter:
    """Inserts plain rows (dicts of column values) and returns their ids: COPY on PostgreSQL,
    ten times faster than INSERT, with ids reserved from the table's sequence; bulk_create
    elsewhere. Columns a row leaves out take the field's default."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.now = timezone.now()

    def defaults(self, model):
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or getattr(field, "generated", False):
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values[field.attname] = self.now
            elif isinstance(field, models.JSONField):
                # COPY writes adapted values: a JSON default as PostgreSQL's jsonb.
                values[field.attname] = field.get_db_prep_save(field.get_default(), connection)
            elif field.has_default() or not field.null:
                values[field.attname] = field.get_default()
            else:
                values[field.attname] = None
        return values

    def insert(self, model, rows: list[dict], *, ids=True) -> list[int]:
        if not rows:
            return []
        if not self.postgresql:
            objects = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
            return [obj.pk for obj in objects]
        defaults = self.defaults(model)
        columns = list(defaults)
        table = model._meta.db_table
        with connection.cursor() as cursor:
            new_ids = []
            if ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, len(rows)],
                )
                new_ids = [row[0] for row in cursor.fetchall()]
                columns = ["id", *columns]
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            statement = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for n, row in enumerate(rows):
                    values = [*([new_ids[n]] if ids else []), *({**defaults, **row}.values())]
                    copy.write_row(values)
        return new_ids


class Command(BaseCommand):
    help = "Generate N fictional members and M fictional publications with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000)
        parser.add_argument("--publications", type=int, default=10_000)
        parser.add_argument("--topics", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--fast",
            action="store_true",
            help=(
                "PostgreSQL: drop the filled tables' declared indexes (trigram, full-text, "
                "lists) and the topic-count triggers during the load, then make both again "
                "and refill the kept topic counts. The tables are locked until the end."
            ),
        )

    def handle(self, *args, members, publications, topics, seed, fast=False, **options):
        if members < 1 or publications < 0 or topics < 1:
            raise CommandError("--members and --topics must be positive, --publications >= 0.")
        rng = random.Random(seed)
        started = time.monotonic()
        run = f"g{seed}-{Member.objects.count()}"
        self.inserter = Inserter()
        fast = fast and connection.vendor == "postgresql"
        with transaction.atomic():
            topic_ids = self.make_topics(topics)
            if fast:
                self.defer_indexes_and_triggers()
            member_ids = self.make_members(rng, members, topic_ids, run)
            self.make_publications(rng, publications, member_ids, topic_ids, run)
            if fast:
                self.rebuild()
        self.stdout.write(
            f"Generated {members:,} members and {publications:,} publications "
            f"in {time.monotonic() - started:.1f} s."
        )
        self.analyse()

    @staticmethod
    def declared_indexes():
        return [(model, index) for model in FILLED_MODELS for index in model._meta.indexes]

    def defer_indexes_and_triggers(self):
        """Drops the filled tables' declared indexes (GIN, trigram, list orders: maintaining
        them row by row costs more than building them once), the topic-count triggers, the
        members' topic-id ones and the list entries' ones.
        Keys, unique constraints and foreign keys stay. Rolled back with the load if it fails."""
        with connection.cursor() as cursor:
            # A table with deferred foreign-key checks pending cannot be altered: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in [
                *counts.DROP_TRIGGERS,
                *kept_topic_ids.DROP_TRIGGERS,
                *entries.drop_triggers("postgresql"),
            ]:
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        with connection.schema_editor() as editor:
            for model, index in self.declared_indexes():
                editor.remove_index(model, index)

    def rebuild(self):
        """Makes the indexes again from the models' declarations, the triggers and what they
        keep (members.counts, members.topic_ids) and the list entries with their triggers:
        what the migrations make."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in [
                # The members' topic ids first: the counts' triggers would read each update.
                *kept_topic_ids.REFILL,
                *kept_topic_ids.CREATE_TRIGGERS,
                *counts.REFILL,
                *counts.CREATE_TRIGGERS,
                *entries.create("postgresql"),
            ]:
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        indexes = self.declared_indexes()
        with connection.schema_editor() as editor:
            for model, index in indexes:
                editor.add_index(model, index)
        self.stdout.write(
            f"Rebuilt {len(indexes)} indexes, the triggers, the kept topic counts and the "
            f"list entries in {time.monotonic() - started:.1f} s."
        )

    def analyse(self):
        # Fresh planner statistics for the new rows: without them PostgreSQL plans the pages
        # for the tables as they were (or empty), and SQLite guesses.
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"Analysed the database in {time.monotonic() - started:.1f} s.")

    def make_topics(self, count):
        sync_reference_data(
            topics=[
                {
                    "slug": f"sujet-fictif-{n}",
                    "name_fr": f"Sujet fictif {n}",
                    "name_en": f"Fictional topic {n}",
                }
                for n in range(1, count + 1)
            ],
            membership_types=MEMBERSHIP_TYPES,
            organisations=[{"name": f"Organisation fictive {n}", "url": ""} for n in range(1, 51)],
        )
        return list(
            ResearchTopic.objects.filter(slug__startswith="sujet-fictif-").values_list(
                "pk", flat=True
            )
        )

    def make_members(self, rng, count, topic_ids, run):
        kinds = list(MembershipType.objects.values_list("pk", flat=True))
        organisations = list(
            Organisation.objects.filter(name__startswith="Organisation fictive").values_list(
                "pk", flat=True
            )
        )
        families = FAMILY_NAMES + EXTRA_FAMILY_NAMES
        Through = Member.research_topics.through
        created = []
        for chunk in batched(range(count), BATCH):
            rows = []
            for n in chunk:
                given, family = rng.choice(GIVEN_NAMES), rng.choice(families)
                position_fr, position_en = rng.choice(POSITIONS)
                rows.append(
                    {
                        "given_name": given,
                        "family_name": family,
                        "slug": f"{ascii_slug(f'{given} {family}', max_length=60)}-{run}-{n}",
                        "sort_name": fold(f"{family} {given}"),
                        "search_name": fold(f"{given} {family}"),
                        "membership_type_id": rng.choice(kinds),
                        "organisation_id": rng.choice(organisations),
                        "position_title": position_fr,
                        "position_title_fr": position_fr,
                        "position_title_en": position_en,
                        "bio": "Profil fictif généré.",
                        "bio_fr": "Profil fictif généré.",
                        "bio_en": "Generated fictional profile.",
                    }
                )
            ids = self.inserter.insert(Member, rows)
            self.inserter.insert(
                Through,
                [
                    {"member_id": pk, "researchtopic_id": topic}
                    for pk in ids
                    for topic in rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 6)))
                ],
                ids=False,
            )
            for pk, row in zip(ids, rows, strict=True):
                created.append((pk, f"{row['given_name']} {row['family_name']}"))
        return created

    def make_publications(self, rng, count, members, topic_ids, run):
        total = len(members)
        prolific = min(20, max(1, total // 50))

        def pick_author():
            # Skewed like a real institute: 20 prolific authors share 2 % of the authorships
            # (thousands each at full scale), the next 1 % of members 10 %, everyone else the rest.
            draw = rng.random()
            if draw < 0.02:
                return members[rng.randrange(prolific)]
            if draw < 0.12:
                return members[rng.randrange(min(prolific + total // 100, total))]
            return members[rng.randrange(total)]

        Through = Publication.topics.through
        kinds = PublicationKind.values
        for chunk in batched(range(count), BATCH):
            rows = []
            for n in chunk:
                words = " ".join(rng.sample(WORDS, 4))
                title = f"Étude fictive {n}: {words}"
                rows.append(
                    {
                        "title": title,
                        # What Publication.save() keeps: imports look titles up by it.
                        "title_key": title_key(title),
                        "slug": f"etude-fictive-{run}-{n}",
                        "abstract": (
                            f"Résumé fictif généré pour les tests de charge. {words}. " * 4
                        ).strip(),
                        "year": rng.choice([None, *range(1995, 2026)]),
                        "venue": "Conférence fictive",
                        "kind": rng.choice(kinds),
                    }
                )
            ids = self.inserter.insert(Publication, rows)
            authorships, links = [], []
            for publication_id in ids:
                authors = dict.fromkeys(pick_author() for _ in range(rng.randint(1, 5)))
                for position, (member_id, name) in enumerate(authors, start=1):
                    authorships.append(
                        {
                            "publication_id": publication_id,
                            "position": position,
                            "name": name,
                            "member_id": member_id,
                        }
                    )
                links.append(
                    {"publication_id": publication_id, "researchtopic_id": rng.choice(topic_ids)}
                )
            self.inserter.insert(Authorship, authorships, ids=False)
            self.inserter.insert(Through, links, ids=False)

"""The list entries (models.entries), kept by triggers on PostgreSQL and SQLite alike: a
member's profile entries (one per authorship linked to them and not hidden from their profile)
and a topic's entries (one per link of a publication to it), each with what the lists sort
and filter by copied from the publication. A page of a member's or a topic's thousands of
papers is then read from one index instead of looking up each publication
(docs/performance.md). Raw SQL because Django cannot declare a trigger; the one copy, run by
migration publications 0017 and by `generate_directory --fast` (triggers off during the load,
then the entries refilled). Change a statement here only with a migration that runs it again:
on SQLite, a migration that remakes one of the tables drops its triggers.

Row triggers: each link written, and each publication whose copied columns change, rewrites
its few entries through their indexes. Django never writes the entries.
"""

from dataclasses import dataclass

PUBLICATIONS = "publications_publication"

# The copies of the publication's columns, and how each is made from publication `{p}`.
COPIED = {
    "public": "{p}.is_published AND {p}.review_status = 'approved'",
    "year": "{p}.year",
    "publication_date": "{p}.publication_date",
    "title": "{p}.title",
}
# The publication columns the copies are made of: an update of any other does nothing.
SOURCES = ("is_published", "review_status", "year", "publication_date", "title")


def _copies(p: str) -> str:
    return ", ".join(made.format(p=p) for made in COPIED.values())


@dataclass(frozen=True)
class Entries:
    """An entry table: one row per row of `links` that `kept` holds for (`{l}`: the link),
    with the link's `carried` columns and the publication's copies; an update of the link
    rewrites its entry when it changes one of `depends`."""

    table: str
    links: str
    key: str
    carried: tuple[str, ...]
    kept: str
    depends: tuple[str, ...]

    @property
    def columns(self) -> str:
        return ", ".join((self.key, *self.carried, "publication_id", *COPIED))

    def values(self, link: str) -> str:
        carried = (f"{link}.{column}" for column in self.carried)
        return ", ".join((f"{link}.id", *carried, f"{link}.publication_id", _copies("p")))

    @property
    def add(self) -> str:
        """The entry of link NEW, if it has one."""
        return (
            f"INSERT INTO {self.table} ({self.columns}) SELECT {self.values('NEW')} "
            f"FROM {PUBLICATIONS} AS p WHERE p.id = NEW.publication_id "
            f"AND {self.kept.format(l='NEW')};"
        )

    @property
    def remove(self) -> str:
        return f"DELETE FROM {self.table} WHERE {self.key} = OLD.id;"

    @property
    def copy(self) -> str:
        """The copies of publication NEW made again in its entries."""
        made = ", ".join(f"{column} = {how.format(p='NEW')}" for column, how in COPIED.items())
        return f"UPDATE {self.table} SET {made} WHERE publication_id = NEW.id;"

    @property
    def refill(self) -> list[str]:
        return [
            f"DELETE FROM {self.table}",
            f"INSERT INTO {self.table} ({self.columns}) SELECT {self.values('l')} "
            f"FROM {self.links} AS l JOIN {PUBLICATIONS} AS p ON p.id = l.publication_id "
            f"WHERE {self.kept.format(l='l')}",
        ]


PROFILE = Entries(
    table="publications_profile_entry",
    links="publications_authorship",
    key="authorship_id",
    carried=("member_id", "featured"),
    kept="{l}.member_id IS NOT NULL AND NOT {l}.hidden_from_profile",
    depends=("member_id", "publication_id", "featured", "hidden_from_profile"),
)
TOPIC = Entries(
    table="publications_topic_entry",
    links="publications_publication_topics",
    key="link_id",
    carried=("researchtopic_id",),
    kept="true",
    depends=("researchtopic_id", "publication_id"),
)
ENTRIES = (PROFILE, TOPIC)


def _changed(columns, vendor) -> str:
    """That an update changed one of `columns` (SQLite's `IS NOT` compares NULLs as values)."""
    if vendor == "postgresql":
        return (
            f"({', '.join(f'OLD.{c}' for c in columns)}) IS DISTINCT FROM "
            f"({', '.join(f'NEW.{c}' for c in columns)})"
        )
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def _triggers() -> dict[str, tuple[str, str, tuple[str, ...], str]]:
    """name: (table, event, the columns an update must change, body)."""
    triggers = {}
    for entries in ENTRIES:
        triggers |= {
            f"{entries.table}_added": (entries.links, "INSERT", (), entries.add),
            f"{entries.table}_removed": (entries.links, "DELETE", (), entries.remove),
            f"{entries.table}_changed": (
                entries.links,
                "UPDATE",
                entries.depends,
                entries.remove + " " + entries.add,
            ),
        }
    triggers["publications_entries_copied"] = (
        PUBLICATIONS,
        "UPDATE",
        SOURCES,
        " ".join(entries.copy for entries in ENTRIES),
    )
    return triggers


TRIGGERS = _triggers()


def create_triggers(vendor: str) -> list[str]:
    if vendor != "postgresql":  # SQLite's syntax: no trigger functions
        return [
            f"CREATE TRIGGER {name} AFTER {event} ON {table} "
            + (f"WHEN {_changed(columns, vendor)} " if columns else "")
            + f"BEGIN {body} END"
            for name, (table, event, columns, body) in TRIGGERS.items()
        ]
    return [
        statement
        for name, (table, event, columns, body) in TRIGGERS.items()
        for statement in (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body}\n    RETURN NULL;\nEND $$",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW "
            + (f"WHEN ({_changed(columns, vendor)}) " if columns else "")
            + f"EXECUTE FUNCTION {name}()",
        )
    ]


def drop_triggers(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]
    return [
        statement
        for name, (table, *_rest) in TRIGGERS.items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


# The entries from scratch: what the triggers then keep.
REFILL = [statement for entries in ENTRIES for statement in entries.refill]


def create(vendor: str) -> list[str]:
    """The entries filled, then the triggers that keep them: what the migration runs."""
    return [*REFILL, *create_triggers(vendor)]

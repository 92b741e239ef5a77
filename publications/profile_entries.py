"""The profile entries (`ProfileEntry`), kept by triggers on PostgreSQL and SQLite alike: one
row per authorship linked to a member and not hidden from their profile, with what the
profile sorts and filters by copied from the publication, so that a page of a member's list is
read from one index instead of looking up each of their thousands of publications
(docs/performance.md). Raw SQL because Django cannot declare a trigger; the one copy, run by
migration publications 0017 and by `generate_directory --fast` (triggers off during the load,
then the entries refilled). Change a statement here only with a migration that runs it again.

Row triggers: each authorship written, and each publication whose copied columns change,
rewrites its few entries by their indexes. Django never writes the table.
"""

TABLE = "publications_profile_entry"
AUTHORSHIPS = "publications_authorship"
PUBLICATIONS = "publications_publication"

# The copies of the publication's columns, and how each is made from publication `{p}`.
COPIED = {
    "public": "{p}.is_published AND {p}.review_status = 'approved'",
    "year": "{p}.year",
    "publication_date": "{p}.publication_date",
    "title": "{p}.title",
}


def _copies(p: str) -> str:
    return ", ".join(made.format(p=p) for made in COPIED.values())


# The publication columns the copies are made of: an update of any other does nothing.
SOURCES = ("is_published", "review_status", "year", "publication_date", "title")
# The authorship columns an entry depends on.
LINK = ("member_id", "publication_id", "featured", "hidden_from_profile")

# The entry of authorship NEW, if it has one: linked to a member, not hidden.
ADD = f"""
    INSERT INTO {TABLE} (authorship_id, member_id, publication_id, featured, {", ".join(COPIED)})
    SELECT NEW.id, NEW.member_id, NEW.publication_id, NEW.featured, {_copies("p")}
    FROM {PUBLICATIONS} AS p
    WHERE p.id = NEW.publication_id AND NEW.member_id IS NOT NULL AND NOT NEW.hidden_from_profile;
"""
REMOVE = f"DELETE FROM {TABLE} WHERE authorship_id = OLD.id;"
COPY = (
    f"UPDATE {TABLE} SET "
    + ", ".join(f"{column} = {made.format(p='NEW')}" for column, made in COPIED.items())
    + " WHERE publication_id = NEW.id;"
)


def _changed(columns, vendor) -> str:
    """That an update changed one of `columns` (SQLite's `IS NOT` compares NULLs as values)."""
    if vendor == "postgresql":
        return (
            f"({', '.join(f'OLD.{c}' for c in columns)}) IS DISTINCT FROM "
            f"({', '.join(f'NEW.{c}' for c in columns)})"
        )
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


# name: (table, event, the columns an update must change, body)
TRIGGERS = {
    "publications_profile_entry_added": (AUTHORSHIPS, "INSERT", (), ADD),
    "publications_profile_entry_removed": (AUTHORSHIPS, "DELETE", (), REMOVE),
    "publications_profile_entry_changed": (AUTHORSHIPS, "UPDATE", LINK, REMOVE + ADD),
    "publications_profile_entry_copied": (PUBLICATIONS, "UPDATE", SOURCES, COPY),
}


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
REFILL = [
    f"DELETE FROM {TABLE}",
    f"""
    INSERT INTO {TABLE} (authorship_id, member_id, publication_id, featured, {", ".join(COPIED)})
    SELECT a.id, a.member_id, a.publication_id, a.featured, {_copies("p")}
    FROM {AUTHORSHIPS} AS a JOIN {PUBLICATIONS} AS p ON p.id = a.publication_id
    WHERE a.member_id IS NOT NULL AND NOT a.hidden_from_profile
    """,
]


def create(vendor: str) -> list[str]:
    """The entries filled, then the triggers that keep them: what the migration runs."""
    return [*REFILL, *create_triggers(vendor)]

"""Each member's research topic ids, kept on the member's row by PostgreSQL triggers: a
directory narrowed by name or topics counts its facets from the rows its search reads anyway,
instead of probing the links of each of its members again (members.facets;
docs/performance.md).

A column Django does not declare (`members_member.topic_ids`, `bigint[]`): Django never
writes it, so a member saved from a stale copy cannot overwrite what the triggers keep.
Raw SQL because Django cannot declare a trigger; the one copy, run by migration members 0012
and by `generate_directory --fast` (triggers off during the load, then the column refilled).
Change a statement here only with a migration that runs it again. SQLite counts live.
"""

MEMBERS = "members_member"
LINKS = "members_member_research_topics"
COLUMN = "topic_ids"

# The topic ids of the members in `changed` (a transition table of links), recomputed from
# the links. The rows are locked first, each in its own statement: the recomputation, a
# new statement, then sees the links of a concurrent transaction that held the lock.
RECOMPUTE = f"""
    PERFORM 1 FROM {MEMBERS}
    WHERE id IN (SELECT member_id FROM {{changed}}) ORDER BY id FOR UPDATE;
    UPDATE {MEMBERS} AS member SET {COLUMN} = COALESCE(
        (SELECT array_agg(link.researchtopic_id ORDER BY link.researchtopic_id)
         FROM {LINKS} AS link WHERE link.member_id = member.id),
        '{{{{}}}}'
    )
    WHERE member.id IN (SELECT member_id FROM {{changed}});
"""

# name: (event, transition tables, body)
TRIGGERS = {
    "members_topic_ids_links_added": (
        "INSERT",
        "NEW TABLE AS new_links",
        RECOMPUTE.format(changed="new_links"),
    ),
    "members_topic_ids_links_changed": (
        "UPDATE",
        "OLD TABLE AS old_links NEW TABLE AS new_links",
        RECOMPUTE.format(
            changed=(
                "(SELECT member_id FROM old_links UNION SELECT member_id FROM new_links) AS changed"
            )
        ),
    ),
    "members_topic_ids_links_removed": (
        "DELETE",
        "OLD TABLE AS old_links",
        RECOMPUTE.format(changed="old_links"),
    ),
}

CREATE_TRIGGERS = [
    statement
    for name, (event, transition, body) in TRIGGERS.items()
    for statement in (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\n    RETURN NULL;\nEND $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {LINKS} "
        f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    )
]
DROP_TRIGGERS = [
    statement
    for name in TRIGGERS
    for statement in (
        f"DROP TRIGGER IF EXISTS {name} ON {LINKS}",
        f"DROP FUNCTION IF EXISTS {name}()",
    )
]

# Every member's ids from scratch: what the triggers then keep.
REFILL = [
    f"UPDATE {MEMBERS} SET {COLUMN} = '{{}}' WHERE {COLUMN} <> '{{}}'",
    f"""
    UPDATE {MEMBERS} AS member SET {COLUMN} = kept.ids
    FROM (
        SELECT member_id, array_agg(researchtopic_id ORDER BY researchtopic_id) AS ids
        FROM {LINKS} GROUP BY member_id
    ) AS kept
    WHERE member.id = kept.member_id
    """,
]

CREATE = [
    f"ALTER TABLE {MEMBERS} ADD COLUMN {COLUMN} bigint[] NOT NULL DEFAULT '{{}}'",
    *REFILL,
    *CREATE_TRIGGERS,
]
DROP = [*DROP_TRIGGERS, f"ALTER TABLE {MEMBERS} DROP COLUMN IF EXISTS {COLUMN}"]

"""The per-topic member counts of the unfiltered directory (`TopicMemberCount`), kept by
PostgreSQL triggers: reading them is cheaper than counting every link on each visit
(docs/performance.md). Raw SQL because Django cannot declare a trigger; the one copy, run by
migration members 0005 and by `generate_directory --fast` (triggers off during the load, then
the counts refilled). Change a statement here only with a migration that runs it again.

Kept per membership type, so that the directory filtered by type alone reads them too.
Statement-level triggers with transition tables: a bulk insert of links updates each count
once, not once per link. SQLite counts live (members.facets), its directories being small.
"""

TABLE = "members_topic_member_count"
LINKS = "members_member_research_topics"
MEMBERS = "members_member"

# Added to (or taken from) the counts: the published members' links in `links`.
ADD = f"""
    INSERT INTO {TABLE} AS kept (researchtopic_id, membership_type_id, member_count)
    SELECT link.researchtopic_id, member.membership_type_id, count(*)
    FROM {{links}} AS link JOIN {{members}} AS member ON member.id = link.member_id
    WHERE member.is_published {{only}}
    GROUP BY 1, 2
    ON CONFLICT (researchtopic_id, membership_type_id)
    DO UPDATE SET member_count = kept.member_count + EXCLUDED.member_count;
"""
SUBTRACT = f"""
    UPDATE {TABLE} AS kept SET member_count = kept.member_count - gone.n
    FROM (
        SELECT link.researchtopic_id, member.membership_type_id, count(*) AS n
        FROM {{links}} AS link JOIN {{members}} AS member ON member.id = link.member_id
        WHERE member.is_published {{only}}
        GROUP BY 1, 2
    ) AS gone
    WHERE kept.researchtopic_id = gone.researchtopic_id
      AND kept.membership_type_id = gone.membership_type_id;
"""
# Only members whose publication or membership type changed move between counts.
CHANGED = (
    "AND EXISTS (SELECT 1 FROM {other} AS other WHERE other.id = member.id AND "
    "(other.is_published, other.membership_type_id) IS DISTINCT FROM "
    "(member.is_published, member.membership_type_id))"
)

# name: (table, event, transition tables, body)
TRIGGERS = {
    "members_topic_count_links_added": (
        LINKS,
        "INSERT",
        "NEW TABLE AS new_links",
        ADD.format(links="new_links", members=MEMBERS, only=""),
    ),
    "members_topic_count_links_removed": (
        LINKS,
        "DELETE",
        "OLD TABLE AS old_links",
        SUBTRACT.format(links="old_links", members=MEMBERS, only=""),
    ),
    "members_topic_count_members_changed": (
        MEMBERS,
        "UPDATE",
        "OLD TABLE AS old_members NEW TABLE AS new_members",
        SUBTRACT.format(
            links=LINKS, members="old_members", only=CHANGED.format(other="new_members")
        )
        + ADD.format(links=LINKS, members="new_members", only=CHANGED.format(other="old_members")),
    ),
    "members_topic_count_members_deleted": (
        MEMBERS,
        "DELETE",
        "OLD TABLE AS old_members",
        SUBTRACT.format(links=LINKS, members="old_members", only=""),
    ),
}

CREATE_TRIGGERS = [
    statement
    for name, (table, event, transition, body) in TRIGGERS.items()
    for statement in (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\n    RETURN NULL;\nEND $$",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} "
        f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    )
]
DROP_TRIGGERS = [
    statement
    for name, (table, *_rest) in TRIGGERS.items()
    for statement in (
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"DROP FUNCTION IF EXISTS {name}()",
    )
]

# The counts from scratch: what the triggers then keep.
REFILL = [
    f"DELETE FROM {TABLE}",
    f"""
    INSERT INTO {TABLE} (researchtopic_id, membership_type_id, member_count)
    SELECT link.researchtopic_id, member.membership_type_id, count(*)
    FROM {LINKS} AS link JOIN {MEMBERS} AS member ON member.id = link.member_id
    WHERE member.is_published
    GROUP BY 1, 2
    """,
]

CREATE = [
    f"""
    CREATE TABLE {TABLE} (
        researchtopic_id bigint NOT NULL,
        membership_type_id bigint NOT NULL,
        member_count integer NOT NULL,
        PRIMARY KEY (researchtopic_id, membership_type_id)
    )
    """,
    *REFILL,
    *CREATE_TRIGGERS,
]
DROP = [*DROP_TRIGGERS, f"DROP TABLE IF EXISTS {TABLE}"]

"""Indexes of the directory at 100,000 members, chosen with EXPLAIN ANALYZE (docs/performance.md).

PostgreSQL only: SQLite, the embedded default, holds a few hundred members and needs none.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

INDEXES = [
    # The directory lists published members by folded name: an index in that order turns
    # "page 100 of 4,000" into a short index scan instead of sorting 100,000 rows.
    (
        "CREATE INDEX IF NOT EXISTS member_public_sort_idx "
        "ON members_member (sort_name, id) WHERE is_published",
        "DROP INDEX IF EXISTS member_public_sort_idx",
    ),
    # Name search: "%pascanu%" and the typo-tolerant word similarity (%>) both use trigrams
    # of the folded name; without it, every search reads the whole table.
    (
        "CREATE INDEX IF NOT EXISTS member_search_name_trgm_idx "
        "ON members_member USING gin (search_name gin_trgm_ops)",
        "DROP INDEX IF EXISTS member_search_name_trgm_idx",
    ),
    # Members of a topic (topic pages, topic filters) read from the topic side, with the
    # member id in the index so that facet counts need not visit the link table.
    (
        "CREATE INDEX IF NOT EXISTS member_topics_topic_member_idx "
        "ON members_member_research_topics (researchtopic_id, member_id)",
        "DROP INDEX IF EXISTS member_topics_topic_member_idx",
    ),
]

# unaccent() is only STABLE (its dictionary could change), so indexes and generated columns
# refuse it; this wrapper names the dictionary and promises immutability.
UNACCENT_WRAPPER = (
    "CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "DROP FUNCTION IF EXISTS f_unaccent(text)",
)


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0003_accounts_and_history")]

    operations = [
        # Both skip themselves on SQLite.
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(
            postgresql_only(UNACCENT_WRAPPER[0]),
            postgresql_only(UNACCENT_WRAPPER[1]),
            elidable=False,
        ),
        *(
            migrations.RunPython(postgresql_only(forward), postgresql_only(backward))
            for forward, backward in INDEXES
        ),
    ]

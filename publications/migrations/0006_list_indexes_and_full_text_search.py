"""The publication list and full-text search at 1,000,000 publications, chosen with EXPLAIN
ANALYZE (docs/performance.md).

PostgreSQL only: SQLite, the embedded default, searches folded text instead (members.search).
"""

from django.db import migrations

STATEMENTS = [
    # The public list, newest first, in exactly the order of NEWEST_FIRST: the first page and
    # page 100 are short index scans instead of a sort of a million rows, and the year
    # drop-down is a loose index scan over its leading column.
    (
        "CREATE INDEX IF NOT EXISTS publication_public_newest_idx "
        "ON publications_publication "
        "(year DESC NULLS LAST, publication_date DESC NULLS LAST, title, id) "
        "WHERE is_published AND review_status = 'approved'",
        "DROP INDEX IF EXISTS publication_public_newest_idx",
    ),
    # The admin's year filter lists the years of all publications, pending ones included: a
    # loose index scan over this index instead of DISTINCT over a million rows (680 ms).
    (
        "CREATE INDEX IF NOT EXISTS publication_year_idx "
        "ON publications_publication (year DESC NULLS LAST)",
        "DROP INDEX IF EXISTS publication_year_idx",
    ),
    # Publications of a topic (topic pages, the topic filter) from the topic side.
    (
        "CREATE INDEX IF NOT EXISTS publication_topics_topic_publication_idx "
        "ON publications_publication_topics (researchtopic_id, publication_id)",
        "DROP INDEX IF EXISTS publication_topics_topic_publication_idx",
    ),
    # A profile's publications: the member's authorships read from the index alone (3,400 of
    # them for the most prolific member) instead of 3,200 heap pages: 337 ms -> 45 ms.
    (
        "CREATE INDEX IF NOT EXISTS authorship_profile_idx "
        "ON publications_authorship (member_id, publication_id) INCLUDE (featured) "
        "WHERE NOT hidden_from_profile",
        "DROP INDEX IF EXISTS authorship_profile_idx",
    ),
    # What full-text search matches: title (weight A) and abstract (B), accents removed,
    # stemmed in French and in English, computed by PostgreSQL on every write so that no code
    # path (admin, import, bulk insert) can forget it.
    (
        "ALTER TABLE publications_publication ADD COLUMN IF NOT EXISTS search_document tsvector "
        "GENERATED ALWAYS AS ("
        "setweight(to_tsvector('french'::regconfig, f_unaccent(title)), 'A') || "
        "setweight(to_tsvector('english'::regconfig, f_unaccent(title)), 'A') || "
        "setweight(to_tsvector('french'::regconfig, f_unaccent(abstract)), 'B') || "
        "setweight(to_tsvector('english'::regconfig, f_unaccent(abstract)), 'B')"
        ") STORED",
        "ALTER TABLE publications_publication DROP COLUMN IF EXISTS search_document",
    ),
    # The inverted index that makes "@@" a lookup instead of parsing a million documents.
    (
        "CREATE INDEX IF NOT EXISTS publication_search_document_idx "
        "ON publications_publication USING gin (search_document)",
        "DROP INDEX IF EXISTS publication_search_document_idx",
    ),
]


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_releases"),
        # f_unaccent()
        ("members", "0004_directory_indexes_and_name_search"),
    ]

    operations = [
        migrations.RunPython(postgresql_only(forward), postgresql_only(backward))
        for forward, backward in STATEMENTS
    ]

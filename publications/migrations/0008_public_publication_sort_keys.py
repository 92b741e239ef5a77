"""The sort keys of public publications, readable from an index alone (docs/performance.md)."""

from django.db import migrations

# Topic pages and profiles order a few thousand linked publications newest first: reading
# year, date and title from this index instead of the table (a million wide rows, larger
# than shared_buffers) took the most prolific profile's page from 93 ms to 25-30 ms. It
# also serves what 0007's index served (visibility by id), which it replaces.
FORWARD = (
    "CREATE INDEX IF NOT EXISTS publication_public_sort_key_idx "
    "ON publications_publication (id) INCLUDE (year, publication_date, title) "
    "WHERE is_published AND review_status = 'approved';"
    "DROP INDEX IF EXISTS publication_public_id_idx"
)
BACKWARD = (
    "CREATE INDEX IF NOT EXISTS publication_public_id_idx ON publications_publication (id) "
    "WHERE is_published AND review_status = 'approved';"
    "DROP INDEX IF EXISTS publication_public_sort_key_idx"
)


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("publications", "0007_public_publication_ids")]

    operations = [migrations.RunPython(postgresql_only(FORWARD), postgresql_only(BACKWARD))]

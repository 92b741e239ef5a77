"""Which publications are public, readable from an index alone (docs/performance.md); replaced
by the covering index of 0008, now `Publication.Meta.indexes`."""

from django.db import migrations

from core.database import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("publications", "0006_list_indexes_and_full_text_search")]

    operations = [
        RunSQLOnPostgreSQL(
            [
                "CREATE INDEX IF NOT EXISTS publication_public_id_idx "
                "ON publications_publication (id) "
                "WHERE is_published AND review_status = 'approved'"
            ],
            ["DROP INDEX IF EXISTS publication_public_id_idx"],
        )
    ]

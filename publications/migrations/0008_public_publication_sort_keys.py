"""The sort keys of public publications, readable from an index alone: the covering index
`publication_public_sort_key_idx`, first created here, is in `Publication.Meta.indexes` since
migration publications 0009. It serves what 0007's index served, which goes."""

from django.db import migrations

from core.database import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("publications", "0007_public_publication_ids")]

    operations = [
        RunSQLOnPostgreSQL(
            ["DROP INDEX IF EXISTS publication_public_id_idx"],
            [
                "CREATE INDEX IF NOT EXISTS publication_public_id_idx "
                "ON publications_publication (id) "
                "WHERE is_published AND review_status = 'approved'"
            ],
        )
    ]

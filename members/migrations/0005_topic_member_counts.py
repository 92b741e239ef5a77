"""Per-topic member counts of the unfiltered directory, kept by PostgreSQL triggers
(members.counts says why and how; docs/performance.md what it bought)."""

from django.db import migrations

from core.database import RunSQLOnPostgreSQL
from members import counts


class Migration(migrations.Migration):
    dependencies = [("members", "0004_directory_indexes_and_name_search")]

    # A table and triggers that Django cannot declare: SQL, PostgreSQL only.
    operations = [RunSQLOnPostgreSQL(counts.CREATE, counts.DROP)]

"""Each member's topic ids on its row, kept by PostgreSQL triggers (members.topic_ids says why
and how; docs/performance.md what it bought)."""

from django.db import migrations

from core.database import RunSQLOnPostgreSQL
from members import topic_ids


class Migration(migrations.Migration):
    dependencies = [("members", "0011_public_sort_key_index")]

    # A column Django does not declare, and triggers it cannot: SQL, PostgreSQL only.
    operations = [RunSQLOnPostgreSQL(topic_ids.CREATE, topic_ids.DROP)]

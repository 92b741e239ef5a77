"""The PostgreSQL extensions and function that name search and full-text search use.

The directory's indexes, first created here, are declared in `Meta.indexes` since migration
members 0006.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from core.database import UNACCENT_WRAPPER, RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [("members", "0003_accounts_and_history")]

    operations = [
        # Both skip themselves on SQLite.
        TrigramExtension(),
        UnaccentExtension(),
        # An IMMUTABLE wrapper of unaccent(), which Django cannot declare.
        RunSQLOnPostgreSQL([UNACCENT_WRAPPER], ["DROP FUNCTION IF EXISTS f_unaccent(text)"]),
    ]

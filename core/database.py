"""Database helpers: which database a queryset runs on, the accent folding both databases
share, and the migration operation for what only PostgreSQL has."""

from django.db import connections, migrations
from django.db.models import Func, TextField

from .text import fold


def is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class Fold(Func):
    """`core.text.fold()` inside a SQLite query, registered on the connection by
    `register_fold`."""

    function = "directory_fold"
    output_field = TextField()


def register_fold(connection) -> None:
    connection.ensure_connection()
    connection.connection.create_function("directory_fold", 1, fold, deterministic=True)


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """SQL that only PostgreSQL understands (a trigger, an extension's function): run there,
    skipped on SQLite, the embedded default, which needs none of it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# unaccent() is only STABLE (its dictionary could change), so indexes and generated columns
# refuse it; this wrapper names the dictionary and promises immutability.
UNACCENT_WRAPPER = (
    "CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
)

"""Database helpers: which database a queryset runs on, the accent folding both databases
share, the indexes, expressions and migration operation for what only PostgreSQL has, an
order PostgreSQL makes by sorting, and instances given what is read for all of them."""

from django.contrib.postgres.indexes import GinIndex
from django.db import connections, migrations, models
from django.db.models import BigIntegerField, F, Func, OrderBy, TextField, Value
from django.db.models.query import ModelIterable

from .text import fold


def is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class Fold(Func):
    """`core.text.fold()` inside a SQLite query, registered on the connection by
    `register_fold`."""

    function = "directory_fold"
    output_field = TextField()


class Attaching(ModelIterable):
    """Model instances as a queryset yields them, each batch given what `attach(instances,
    using)` reads for the whole batch at once: every instance, or each chunk of `iterator()`."""

    attach = None  # a staticmethod in each subclass

    def __iter__(self):
        batch = self.chunk_size if self.chunked_fetch else None
        instances = []
        for instance in super().__iter__():
            instances.append(instance)
            if batch and len(instances) >= batch:
                self.attach(instances, self.queryset.db)
                yield from instances
                instances = []
        self.attach(instances, self.queryset.db)
        yield from instances


def attaching(queryset, iterable_class: type[Attaching]):
    """`queryset`, yielding its instances through `iterable_class` (Django's hook for what a
    queryset yields, which values() sets to its own)."""
    queryset = queryset._chain()
    queryset._iterable_class = iterable_class
    return queryset


def register_fold(connection) -> None:
    connection.ensure_connection()
    connection.connection.create_function("directory_fold", 1, fold, deterministic=True)


class LongNameIndex(models.Index):
    """An index whose name may be as long as PostgreSQL allows: Django's check caps names at
    30 characters for Oracle, which the directory does not run on."""

    max_name_length = 63


class _SomeDatabasesIndex(LongNameIndex):
    """An index built on some databases only. Elsewhere its SQL is a comment: the schema
    editor runs whatever `create_sql` returns, and would run the text "None"."""

    def built_on(self, vendor: str) -> bool:
        raise NotImplementedError

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if not self.built_on(schema_editor.connection.vendor):
            return f"-- {self.name}: not on this database"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if not self.built_on(schema_editor.connection.vendor):
            return f"-- {self.name}: not on this database"
        return super().remove_sql(model, schema_editor, **kwargs)


class PostgreSQLOnlyIndex(_SomeDatabasesIndex):
    """An index that only PostgreSQL builds (an operator class, NULLS LAST) or needs."""

    def built_on(self, vendor: str) -> bool:
        return vendor == "postgresql"


class ElsewhereThanPostgreSQLIndex(_SomeDatabasesIndex):
    """A plain index for the databases that cannot build a PostgreSQL-only one serving the
    same reads (NULLS LAST): PostgreSQL has that one, and would only maintain this."""

    def built_on(self, vendor: str) -> bool:
        return vendor != "postgresql"


class PostgreSQLOnlyGinIndex(PostgreSQLOnlyIndex, GinIndex):
    """A GIN index (trigrams, full-text documents), PostgreSQL only."""


class OnPostgreSQL(Func):
    """`expression` on PostgreSQL, NULL elsewhere: what a generated column computes with
    PostgreSQL's functions (to_tsvector), which other databases leave empty."""

    template = "%(expressions)s"
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


class IdArray(Func):
    """Ids as one array parameter, read as a subquery (`pk__in=IdArray(ids)`), PostgreSQL only:
    psycopg and the planner each parse one parameter instead of a placeholder per id. The
    parameter is the array's text ("{3,1,2}"): psycopg writes a list element by element,
    checking each one's type, which cost more than the query's own work for 1,000 ids."""

    template = "SELECT unnest(%(expressions)s::bigint[])"
    output_field = BigIntegerField()

    def __init__(self, ids):
        super().__init__(Value("{" + ",".join(str(int(pk)) for pk in ids) + "}"))


class Unindexed(Func):
    """The value as it is, in a form no index serves: COALESCE of one argument, which
    PostgreSQL keeps as written."""

    function = "COALESCE"
    arity = 1


def sorted_after_reading(queryset):
    """`queryset` in its order, which PostgreSQL then makes by sorting the rows its filters
    find instead of walking an index in that order. The planner walks the index when it
    expects the matches spread along it; the members named "Mwangi" all sort at M, and it read
    54,000 members to find the first 50 of them (320 ms, against 20 ms for finding the 1,965
    by the name's index and sorting them). For a few thousand rows at most."""
    if not is_postgresql(queryset):
        return queryset
    terms = []
    for term in queryset.query.order_by:
        if isinstance(term, str):
            if term == "?":
                return queryset
            term = OrderBy(Unindexed(F(term.removeprefix("-"))), descending=term.startswith("-"))
        elif isinstance(term, OrderBy):
            term = term.copy()
            term.expression = Unindexed(term.expression)
        else:
            term = OrderBy(Unindexed(term))
        terms.append(term)
    return queryset.order_by(*terms)


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


class Unaccented(Func):
    """The text without its accents, on PostgreSQL: f_unaccent(), which an index or a
    generated column may use (UNACCENT_WRAPPER)."""

    function = "f_unaccent"
    output_field = TextField()

"""Search that ignores case and accents: trigram name search and ranked French and English
full-text search on PostgreSQL; folded substrings on SQLite, the embedded default, which
behaves the same for whole words ("joao" finds "João", "generalisation" finds
"Généralisation")."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Expression, F, Func, Q, TextField, Value
from django.db.models.functions import Concat

from .text import fold

MAX_WORDS = 8
# A ranked search orders this many matches at most: ranking 200,000 hits of a common word
# would cost seconds, and nobody reads past the first pages.
RANKED_MATCHES = 1_001
# What a list of ranked matches may claim to hold: one more match means "more than 1,000".
RANKED_ROWS = RANKED_MATCHES - 1


def is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def search_words(text: str) -> list[str]:
    return fold(text).split()[:MAX_WORDS]


def members_named(queryset, text: str):
    """Members whose name has every word of `text`; on PostgreSQL a word may also be misspelt
    ("pascnu" finds "Pascanu"), through the trigram index on the folded name."""
    for word in search_words(text):
        if is_postgresql(queryset):
            queryset = queryset.filter(
                Q(search_name__contains=word) | Q(search_name__trigram_word_similar=word)
            )
        else:
            queryset = queryset.filter(search_name__contains=word)
    return queryset


class StoredSearchDocument(Expression):
    """The `search_document` column that PostgreSQL computes from title and abstract
    (migration publications 0005): unaccented, stemmed in French and in English, weighted."""

    output_field = SearchVectorField()

    def __init__(self, table: str):
        super().__init__()
        self.table = table

    def relabeled_clone(self, change_map):
        # In a subquery the table goes by an alias (U0): the column must follow it.
        clone = self.copy()
        clone.table = change_map.get(self.table, self.table)
        return clone

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.table)
        return f"{table}.{connection.ops.quote_name('search_document')}", []


class Fold(Func):
    """fold() of members.text, registered as an SQLite function by `_register_fold`."""

    function = "directory_fold"
    output_field = TextField()


def _register_fold(connection):
    connection.ensure_connection()
    connection.connection.create_function("directory_fold", 1, fold, deterministic=True)


def ranked_text_search(queryset, text: str, *, fields=("title", "abstract"), then=(), found=None):
    """Rows of `queryset` whose `fields` have every word of `text`, best matches first, then
    by `then`. PostgreSQL: French or English stems of every word, ranked, title weighing more;
    SQLite: every folded word as a substring. `found(n)`, if given, receives the number of
    rows on PostgreSQL, where they are read anyway (at most RANKED_MATCHES)."""
    words = search_words(text)
    if not words:
        return queryset
    if is_postgresql(queryset):
        folded = " ".join(words)
        query = SearchQuery(folded, config="french", search_type="websearch") | SearchQuery(
            folded, config="english", search_type="websearch"
        )
        document = StoredSearchDocument(queryset.model._meta.db_table)
        # Read once: the count and the page then look up at most 1,001 ids instead of each
        # scanning the GIN index for a word that 200,000 documents may contain.
        matches = list(
            queryset.prefetch_related(None)
            .alias(document=document)
            .filter(document=query)
            .order_by()
            .values_list("pk", flat=True)[:RANKED_MATCHES]
        )
        if found is not None:
            found(len(matches))
        return (
            queryset.filter(pk__in=matches)
            .annotate(search_rank=SearchRank(document, query))
            .order_by(F("search_rank").desc(), *then)
        )
    _register_fold(connections[queryset.db])
    haystack = Fold(Concat(*(part for field in fields for part in (field, Value(" ")))))
    queryset = queryset.alias(search_haystack=haystack)
    for word in words:
        queryset = queryset.filter(search_haystack__contains=word)
    return queryset

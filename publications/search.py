"""Full-text search of publications, ranked, in French and English, ignoring accents: the
stored, stemmed search document on PostgreSQL; folded substrings on SQLite, the embedded
default, which behaves the same for whole words ("generalisation" finds "Généralisation");
and the years publications appeared in."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import FullResultSet
from django.db import connections
from django.db.models import F, Value
from django.db.models.functions import Concat

from core.database import Fold, Unaccented, is_postgresql, register_fold
from core.text import search_words

# A ranked search orders this many matches at most: ranking 200,000 hits of a common word
# would cost seconds, and nobody reads past the first pages.
RANKED_MATCHES = 1_001
# What a list of ranked matches may claim to hold: one more match means "more than 1,000".
RANKED_ROWS = RANKED_MATCHES - 1


def weighted_document() -> SearchVector:
    """What `Publication.search_document` holds: title (weight A) and abstract (B), accents
    removed, stemmed in French and in English."""
    return (
        SearchVector(Unaccented("title"), config="french", weight="A")
        + SearchVector(Unaccented("title"), config="english", weight="A")
        + SearchVector(Unaccented("abstract"), config="french", weight="B")
        + SearchVector(Unaccented("abstract"), config="english", weight="B")
    )


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
        document = F("search_document")
        # Read once: the count and the page then look up at most 1,001 ids instead of each
        # scanning the GIN index for a word that 200,000 documents may contain.
        matches = list(
            queryset.prefetch_related(None)
            .filter(search_document=query)
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
    register_fold(connections[queryset.db])
    haystack = Fold(Concat(*(part for field in fields for part in (field, Value(" ")))))
    queryset = queryset.alias(search_haystack=haystack)
    for word in words:
        queryset = queryset.filter(search_haystack__contains=word)
    return queryset


def publication_years(publications) -> list[int]:
    """The years `publications` appeared in, most recent first. On PostgreSQL a loose index
    scan: one index probe per year instead of reading a million rows."""
    if not is_postgresql(publications):
        return list(publications.years())
    compiler = publications.query.get_compiler(publications.db)
    try:
        where_sql, params = compiler.compile(publications.query.where)
    except FullResultSet:  # no condition at all
        where_sql, params = "TRUE", []
    table = publications.model._meta.db_table
    sql = f"""
        WITH RECURSIVE years(year) AS (
            (SELECT year FROM {table} WHERE {where_sql} AND year IS NOT NULL
             ORDER BY year DESC NULLS LAST LIMIT 1)
            UNION ALL
            SELECT (SELECT year FROM {table} WHERE {where_sql} AND year < years.year
                    ORDER BY year DESC NULLS LAST LIMIT 1)
            FROM years WHERE years.year IS NOT NULL
        )
        SELECT year FROM years WHERE year IS NOT NULL"""
    with connections[publications.db].cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        return [row[0] for row in cursor.fetchall()]

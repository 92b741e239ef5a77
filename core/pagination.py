"""Pagination that stays fast on 100,000 members and 1,000,000 publications: counts bounded
or estimated instead of a full COUNT(*), and a deepest page, so that page 1,000 costs what
page 1 does."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from .database import sorted_after_reading

# Deeper than this, visitors refine their filters: nobody reads page 101 of a directory.
MAX_PAGES = 100


class ResultCount(int):
    """A result count as the page states it: exact, an estimate ("about"), or a lower bound
    ("more than")."""

    def __new__(cls, value, kind="exact"):
        count = super().__new__(cls, value)
        count.kind = kind
        return count

    @property
    def is_exact(self):
        return self.kind == "exact"

    @property
    def is_estimate(self):
        return self.kind == "about"


def estimated_rows(queryset) -> int | None:
    """The planner's row estimate of the whole table (pg_class.reltuples, kept by ANALYZE),
    or None when the database keeps none."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] > 0 else None


def rows_by_ids(rows, bottom: int, top: int, *, read=None):
    """Rows `bottom` to `top` of `rows`: their ids first, sorted from the indexes or as narrow
    tuples, then only those rows read whole, with their related rows. `read`, if given, is
    what the rows are read from by their ids instead of `rows` (in the same order), when
    `rows`' filters cost something to apply again and the ids have passed them already."""
    ids = list(rows.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
    return (rows if read is None else read).filter(pk__in=ids)


class BoundedPaginator(Paginator):
    """Counts at most MAX_PAGES pages of rows (one cheap query); beyond that, the count of an
    unfiltered list is PostgreSQL's estimate, and a filtered one says "more than"."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        unfiltered=False,
        max_pages=None,
        max_rows=None,
        count=None,
        by_ids=False,
        ids=None,
    ):
        super().__init__(object_list, per_page)
        # Every row's id in order, when the caller has them: read already (a ranked search),
        # or a query whose slice is a page's ids (with `count`). Each page is read by its ids.
        self.known_ids = ids
        if ids is not None and count is None:
            count = len(ids)
        # Rows chosen by their ids first (see `page`).
        self.by_ids = by_ids
        # The exact number of rows, when the caller has already read them.
        self.known_count = count
        self.unfiltered = unfiltered
        self.max_pages = max_pages or MAX_PAGES
        # A list that cannot hold more (a ranked search) says "more than" past this many rows.
        self.max_rows = max_rows

    @cached_property
    def count(self):
        bound = min(self.per_page * self.max_pages, self.max_rows or float("inf"))
        if self.known_count is not None:
            counted = min(self.known_count, bound + 1)
        else:
            counted = self.object_list.order_by().values("pk")[: bound + 1].count()
        if counted <= bound:
            return ResultCount(counted)
        if self.unfiltered:
            estimate = estimated_rows(self.object_list)
            if estimate is None:
                return ResultCount(self.object_list.order_by().count())
            return ResultCount(max(estimate, counted), "about")
        return ResultCount(bound, "more")

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)

    def page(self, number):
        """With `by_ids`, the page's ids are sorted first, then only its rows are read whole:
        sorting a prolific author's 3,000 publications with their abstracts to keep ten cost
        twice as much as sorting their ids."""
        if not self.by_ids and self.known_ids is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.known_ids is None:
            return self._get_page(rows_by_ids(self.object_list, bottom, top), number, self)
        ids = list(self.known_ids[bottom:top])
        found = self.object_list.in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)


def paginate(
    queryset,
    per_page,
    number,
    *,
    unfiltered=False,
    max_rows=None,
    count=None,
    by_ids=False,
    ids=None,
):
    """The page `number` of `queryset` (the last for too high a number, the first for nonsense),
    loaded now so that the template runs no query. `count`: its exact length, if known;
    `by_ids`: choose the page's rows by their ids first (long lists of wide rows); `ids`:
    every row's id in order, already read or as a query to slice (then with `count`)."""
    paginator = BoundedPaginator(
        queryset,
        per_page,
        unfiltered=unfiltered,
        max_rows=max_rows,
        count=count,
        by_ids=by_ids,
        ids=ids,
    )
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    return page


def planned_rows(queryset) -> int | None:
    """The planner's estimate of how many rows `queryset` returns (EXPLAIN, nothing run), or
    None when the database makes none."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class AdminPaginator(Paginator):
    """The admin changelists' paginator: exact counts up to 10,000 rows, then PostgreSQL's
    estimate (of the whole table, or the planner's for a filtered list), so that opening or
    filtering a million publications costs no COUNT(*)."""

    exact_up_to = 10_000
    late_lookup_from = 1_000
    # A list found by a search, which its admin sets (`found_by_search`), of at most this many
    # rows is sorted once they are read (`core.database.sorted_after_reading`): they are found
    # by the search's index, and sorting 5,000 rows costs less than walking an index past
    # rows that do not match.
    found_by_search = False
    sorted_up_to = 5_000

    @cached_property
    def count(self):
        counted = self.object_list.order_by().values("pk")[: self.exact_up_to + 1].count()
        if counted <= self.exact_up_to:
            return counted
        if self.object_list.query.where:
            estimate = planned_rows(self.object_list)
        else:
            estimate = estimated_rows(self.object_list)
        if estimate is not None:
            return max(estimate, counted)
        return self.object_list.order_by().count()

    def page(self, number):
        """Deep pages by their ids first: the ids of rows 200,000-200,100 come from the index
        in order, then only those hundred rows are read with their related rows (reading and
        joining the 200,000 rows before them took seconds)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if self.found_by_search and self.count <= self.sorted_up_to:
            rows = sorted_after_reading(rows)
        if bottom >= self.late_lookup_from:
            return self._get_page(rows_by_ids(rows, bottom, top), number, self)
        return self._get_page(rows[bottom:top], number, self)

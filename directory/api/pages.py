"""The lists of the open API: pages of bounded size with counts bounded like the site's
(`core.pagination`), and the site's FilterSets, whose refusals become a 400 error."""

from django.conf import settings
from django.core.paginator import EmptyPage
from django.utils import translation
from ninja import Field, Schema
from ninja.errors import HttpError

from core.pagination import MAX_PAGES, BoundedPaginator


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGES, description="From 1; deeper pages: filter more.")
    page_size: int = Field(
        settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE, description="Results a page."
    )


class FilterRefused(Exception):
    """A filter value the site's FilterSet does not accept (an unknown membership type...)."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def filtered(filterset):
    """The FilterSet's results, or FilterRefused naming each value it could not use. Where a
    page quietly drops such a value, an API client is told (in English, whatever its language:
    the API's words are the same for every reader)."""
    with translation.override("en"):
        errors = filterset.errors.get_json_data() if filterset.errors else {}
    if errors:
        raise FilterRefused(
            [
                {"loc": ["query", name], "msg": error["message"], "type": error["code"]}
                for name, field_errors in errors.items()
                for error in field_errors
            ]
        )
    return filterset.qs


def page_of(
    request, queryset, paging: Paging, *, unfiltered=False, max_rows=None, count=None, ids=None
):
    """Page `paging.page` of `queryset` as the API's envelope; 404 past the last page. `count`
    and `ids` as `paginate` takes them."""
    paginator = BoundedPaginator(
        queryset, paging.page_size, unfiltered=unfiltered, max_rows=max_rows, count=count, ids=ids
    )
    try:
        page = paginator.page(paging.page)
    except EmptyPage:
        raise HttpError(404, "There is no such page in this list.") from None
    return {
        "count": paginator.count,
        "count_kind": paginator.count.kind,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_url(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "results": list(page.object_list),
    }


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

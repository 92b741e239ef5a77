"""The open API's publications: those visitors may see (`Publication.objects.public()`),
filtered by the publication list's FilterSet."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from publications.filters import PublicationFilter
from publications.models import Publication
from publications.search import RANKED_ROWS

from . import schemas
from .pages import Paging, filtered, page_of

router = Router(tags=["publications"])

ERRORS = {400: schemas.Problem, 404: schemas.Problem, 422: schemas.Problem}


class PublicationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words of the title or abstract.")
    topic: str | None = Field(None, max_length=80, description="A research topic's slug.")
    year: int | None = Field(None, ge=1800, le=2100, description="A year with publications.")
    member: str | None = Field(
        None, max_length=80, description="A member's slug: the publications of their profile."
    )


def public_publications():
    return Publication.objects.public().with_authors().prefetch_related("topics")


@router.get("/publications/", response={200: schemas.PublicationPage, **ERRORS})
def publication_list(request, filters: Query[PublicationFilters], paging: Query[Paging]):
    """Published publications, newest first (best matches first with `q`), filtered like the
    publication list."""
    publications = PublicationFilter(request.GET, queryset=public_publications().newest_first())
    results = filtered(publications)
    searched = bool(publications.chosen("q"))
    count, ids = publications.known_rows()
    return page_of(
        request,
        results,
        paging,
        unfiltered=not any(publications.chosen(name) for name in ("q", "topic", "year", "member")),
        max_rows=RANKED_ROWS if searched else None,
        count=count,
        ids=ids,
    )


@router.get("/publications/{slug}", response={200: schemas.PublicationDetail, **ERRORS})
def publication_detail(request, slug: str):
    """One published publication, with its versions."""
    return get_object_or_404(public_publications().prefetch_related("releases"), slug=slug)

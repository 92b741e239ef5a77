"""The open API's members, research topics, membership types and organisations: what the
directory shows visitors, through the same selectors and the same FilterSet."""

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from members.filters import MemberFilter
from members.models import Member, MembershipType

from . import schemas
from .pages import FilterRefused, Paging, filtered, page_of

router = Router()

ERRORS = {400: schemas.Problem, 404: schemas.Problem, 422: schemas.Problem}


class MemberFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words of the name.")
    type: str | None = Field(None, max_length=80, description="A membership type's slug.")
    topic: list[str] = Field(
        [], max_length=20, description="Research topic slugs: members having every one."
    )


def public_topics():
    # Ordered by slug, not by name: the name's column would follow the reader's language.
    return Member.objects.public().topic_directory().order_by("slug")


@router.get("/members/", response={200: schemas.MemberPage, **ERRORS}, tags=["members"])
def member_list(request, filters: Query[MemberFilters], paging: Query[Paging]):
    """Published members in alphabetical order, filtered like the directory."""
    members = MemberFilter(request.GET, queryset=Member.objects.public().with_card_data())
    results = filtered(members)
    if len(members.chosen("topic") or []) < len(set(filters.topic)):
        # The directory drops a topic that no longer exists; a client is told.
        raise FilterRefused(
            [{"loc": ["query", "topic"], "msg": "Unknown research topic.", "type": "invalid"}]
        )
    unfiltered = not (members.chosen("q") or members.chosen("type") or members.chosen("topic"))
    return page_of(request, results, paging, unfiltered=unfiltered)


@router.get("/members/{slug}", response={200: schemas.Member, **ERRORS}, tags=["members"])
def member_detail(request, slug: str):
    """One published member."""
    return get_object_or_404(Member.objects.public().with_card_data(), slug=slug)


@router.get("/topics/", response={200: schemas.TopicPage, **ERRORS}, tags=["topics"])
def topic_list(request, paging: Query[Paging]):
    """Every research topic, by slug, with how many published members work on it."""
    return page_of(request, public_topics(), paging)


@router.get("/topics/{slug}", response={200: schemas.Topic, **ERRORS}, tags=["topics"])
def topic_detail(request, slug: str):
    """One research topic."""
    return get_object_or_404(public_topics(), slug=slug)


@router.get(
    "/membership-types/",
    response={200: schemas.MembershipTypePage, **ERRORS},
    tags=["membership types"],
)
def membership_type_list(request, paging: Query[Paging]):
    """The kinds of membership, in the directory's order."""
    return page_of(request, MembershipType.objects.order_by("display_order", "slug"), paging)


@router.get(
    "/membership-types/{slug}",
    response={200: schemas.MembershipType, **ERRORS},
    tags=["membership types"],
)
def membership_type_detail(request, slug: str):
    """One kind of membership."""
    return get_object_or_404(MembershipType, slug=slug)


@router.get(
    "/organisations/", response={200: schemas.OrganisationPage, **ERRORS}, tags=["organisations"]
)
def organisation_list(request, paging: Query[Paging]):
    """The organisations that published members work at, by name."""
    return page_of(request, Member.objects.public().organisations(), paging)


@router.get(
    "/organisations/{id}", response={200: schemas.Organisation, **ERRORS}, tags=["organisations"]
)
def organisation_detail(request, id: int = Path(..., ge=1, le=2**63 - 1)):
    """One organisation that a published member works at (organisations have no slug)."""
    return get_object_or_404(Member.objects.public().organisations(), pk=id)

"""Members of the institute, the research topics they work on, their membership types and the
organisations that employ them."""

from .links import MemberResearchTopic, TopicMemberCount
from .member import IDENTIFIER_CONFIRMED, Member, MemberQuerySet, delete_unused_portrait_files
from .reference import (
    SLUG_CHECK,
    InUseError,
    MembershipType,
    Organisation,
    ResearchTopic,
    slug_is_well_formed,
)

__all__ = [
    "IDENTIFIER_CONFIRMED",
    "SLUG_CHECK",
    "InUseError",
    "Member",
    "MemberQuerySet",
    "MemberResearchTopic",
    "MembershipType",
    "Organisation",
    "ResearchTopic",
    "TopicMemberCount",
    "delete_unused_portrait_files",
    "slug_is_well_formed",
]

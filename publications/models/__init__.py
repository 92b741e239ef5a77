"""Publications of the institute's members and their ordered author lists."""

from ..choices import PublicationKind, ReleaseSource, ReviewStatus
from .authorship import Authorship
from .entries import ProfileEntry, TopicEntry
from .publication import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_FEATURED_PER_MEMBER,
    Publication,
    PublicationTopic,
    title_key,
)
from .release import Release
from .suggestion import Disclaimer, SuggestedChange, SuggestionStatus

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "MAX_FEATURED_PER_MEMBER",
    "Authorship",
    "Disclaimer",
    "ProfileEntry",
    "Publication",
    "PublicationKind",
    "PublicationTopic",
    "Release",
    "ReleaseSource",
    "ReviewStatus",
    "SuggestedChange",
    "SuggestionStatus",
    "TopicEntry",
    "title_key",
]

# What discovery computes ahead, and the records of harvests and imports: models of this app
# kept beside the code that writes them.
from ..discovery.models import ExpertiseTerm, ExpertiseVocabulary, SimilarMember  # noqa: E402
from ..runs import HarvestJob, ImportJob  # noqa: E402

__all__ += ["ExpertiseTerm", "ExpertiseVocabulary", "HarvestJob", "ImportJob", "SimilarMember"]

"""How complete the members' translations are: the profiles whose biography or position is
not written in one of the site's languages (modeltranslation then shows the other one).

Counting them takes five queries (20 ms at 100,000 on 2 cores, most of it counting the
published), so the admin's member list keeps the figures in the cache: dropped at once by any
change to a member, and for at most COMPLETENESS_SECONDS behind a write that sends no
signal."""

import logging

from django.core.cache import cache

from .models import Member
from .models.member import TRANSLATION_CHECKED, TRANSLATION_LANGUAGES, blank

COMPLETENESS_KEY = "members:translation-completeness"
COMPLETENESS_SECONDS = 300

logger = logging.getLogger(__name__)


def missing_translation(members, field: str, language: str):
    """`members` without `field` ("bio", "position_title") in `language` ("fr", "en")."""
    if field not in TRANSLATION_CHECKED or language not in TRANSLATION_LANGUAGES:
        raise ValueError(f"no translated {field!r} in {language!r}")
    return members.filter(blank(f"{field}_{language}"))


def translation_completeness(members) -> dict[str, dict[str, int]]:
    """How many of `members` have each checked field written in each language:
    {"total": {"all": n}, "bio": {"fr": n, "en": n}, "position_title": {...}}. Counted as how
    many there are, then how many lack each: for the published members, the few entries of an
    index each (members.Member's indexes)."""
    total = members.count()
    return {
        "total": {"all": total},
        **{
            field: {
                language: total - missing_translation(members, field, language).count()
                for language in TRANSLATION_LANGUAGES
            }
            for field in TRANSLATION_CHECKED
        },
    }


def published_completeness() -> dict[str, dict[str, int]]:
    """`translation_completeness` of the published members, from the cache when it is there."""
    try:
        counts = cache.get(COMPLETENESS_KEY)
    except Exception:  # an unreachable cache: count every time
        logger.warning("Could not read the translation figures from the cache.", exc_info=True)
        return translation_completeness(Member.objects.public())
    if counts is None:
        counts = translation_completeness(Member.objects.public())
        try:
            cache.set(COMPLETENESS_KEY, counts, COMPLETENESS_SECONDS)
        except Exception:
            logger.warning("Could not keep the translation figures.", exc_info=True)
    return counts


def forget_completeness(sender, **kwargs):
    """Receiver of a member's save, delete or bulk write: the next list counts again."""
    if sender is Member:
        try:
            cache.delete(COMPLETENESS_KEY)
        except Exception:  # an unreachable cache holds nothing to forget until it is back
            logger.warning("Could not forget the translation figures.", exc_info=True)

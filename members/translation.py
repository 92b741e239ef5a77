"""Fields kept in French and English (django-modeltranslation adds `_fr` and `_en` columns)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Member, MembershipType, ResearchTopic


@register(ResearchTopic)
class ResearchTopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)


@register(MembershipType)
class MembershipTypeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)


@register(Member)
class MemberTranslationOptions(TranslationOptions):
    fields = ("position_title", "bio", "portrait_alt")


# History is registered here, after the translations, so that the historical tables keep the
# French and English columns (the untranslated originals only mirror them).
simple_history.register(
    Member,
    m2m_fields=[Member.research_topics.field],
    excluded_fields=[
        "position_title",
        "bio",
        "portrait_alt",
        "portrait_small",
        "portrait_medium",
        "sort_name",
        "search_name",
    ],
)
simple_history.register(ResearchTopic, excluded_fields=["name", "description"])

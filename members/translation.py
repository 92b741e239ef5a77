"""Fields kept in French and English (django-modeltranslation adds `_fr` and `_en` columns)."""

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

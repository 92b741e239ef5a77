"""Page chrome shared by every page: the same page in each language of the site."""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.text import fold

register = template.Library()

# A link whose address is longer than this would be refused when followed (gunicorn's
# `limit_request_line`, nginx's 8 KB default): such a page's other languages are linked without
# its query. Only a crafted address is that long: the expert finder's form sends at most
# 4,000 characters, about 5 KB once percent-encoded.
LONGEST_LINK = 8_000


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language of the site, for the switcher and `hreflang` links."""
    request = context["request"]
    current = get_language()
    path = request.get_full_path()
    if len(path) > LONGEST_LINK:
        path = path.split("?", 1)[0]
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return versions


@register.filter
def alphabetical(items):
    """`items` sorted by name as a reader expects ("Apprentissage à…" before "Apprentissage
    continu"), whatever the database's collation; works on prefetched lists without a query."""
    return sorted(items, key=lambda item: fold(str(item)))


# json_script's escapes: no "</script>" or "<!--" can appear inside the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> SafeString:
    """`data` as a schema.org JSON-LD element; a data block, so a strict CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


# --- Text in another language than the page's (WCAG 3.1.2) -----------------------------------


def lang_attribute(code: str) -> SafeString | str:
    """` lang="en"` when `code` names a language and it is not the page's, else nothing."""
    if code and code != (get_language() or "").split("-")[0]:
        return format_html(' lang="{}"', code)
    return ""


@register.simple_tag
def lang_of(code):
    """`lang` for a text whose language is known, such as a publication's title."""
    return lang_attribute(str(code or ""))


@register.simple_tag
def fallback_lang(obj, field: str):
    """`lang` for a translated field shown in the fallback language: modeltranslation shows
    the French biography on the English page when there is no English one."""
    language = (get_language() or "").split("-")[0]
    for code in resolution_order(language):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return lang_attribute(code)
    return ""

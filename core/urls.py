"""Addresses of pages named by a slug, by the hundred on a list page: `reverse()` once per
page name and language, the slug spliced in. A reverse costs 30-80 µs (it matches the
pattern's converters and quotes each part); a list of 20 publications asks for about a
hundred addresses (each title, each author's profile, each BibTeX file)."""

import re

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# What `<slug:slug>` accepts: anything else goes through reverse(), which refuses it.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "slug0mark0"
_ADDRESSES: dict[tuple, list[str]] = {}


def reverse_slug(name: str, slug: str) -> str:
    """`reverse(name, kwargs={"slug": slug})`, the same address, without matching it again."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(name, kwargs={"slug": slug})
    # Not keyed on a request's own URLconf (request.urlconf): no page here sets one.
    key = (name, get_language(), get_script_prefix(), settings.ROOT_URLCONF)
    parts = _ADDRESSES.get(key)
    if parts is None:
        parts = _ADDRESSES[key] = reverse(name, kwargs={"slug": _MARK}).split(_MARK)
    return slug.join(parts)

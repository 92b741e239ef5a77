"""Text helpers shared by models, search and imports: accent folding, search words and slugs."""

import re
import unicodedata

from django.utils.text import slugify

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


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, so that "João" and "joao" compare equal."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_SPECIAL_LETTERS))
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

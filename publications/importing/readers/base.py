"""What every reader returns, and the small text helpers the readers share."""

import codecs
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import strip_tags

from ..records import PublicationEntry


class UnreadableFile(ValueError):
    """The file as a whole cannot be read in the given format (not one of its entries)."""


@dataclass
class ParsedFile:
    """The entries read from one file, and the entries that could not be read, with why."""

    entries: list[PublicationEntry] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|2100)\b")
_SPACES = re.compile(r"\s+")
_DOTLESS_I_ACCENTED = re.compile("ı(?=[\u0300-\u036f])")


def decode(content: str | bytes) -> str:
    """Text of an uploaded file: UTF-16 when it starts with its byte order mark, UTF-8 (with or
    without BOM), else Windows-1252."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_json(content: str | bytes):
    """The JSON document of an uploaded file, or UnreadableFile saying why not."""
    try:
        return json.loads(content)
    except ValueError as error:
        raise UnreadableFile(f"the file is not valid JSON ({error})") from None


def plain_text(value) -> str:
    """`value` as one line of plain text: tags such as <i> or <sub> dropped, entities decoded."""
    return tidy(html.unescape(strip_tags(str(value or ""))))


def tidy(text: str) -> str:
    """Spaces collapsed and accents composed: "Martı́n" (dotless i + accent) -> "Martín"."""
    text = unicodedata.normalize("NFC", _DOTLESS_I_ACCENTED.sub("i", text))
    return _SPACES.sub(" ", text).strip()


def year_of(value) -> int | None:
    """The four-digit year in `value` ("2021", 2021, "2021-06-09"), or None."""
    match = _YEAR.search(str(value or ""))
    return int(match.group(1)) if match else None


def date_of(value) -> date | None:
    """An ISO date ("2021-06-09"), or None when `value` is not a full, valid date."""
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None

"""Readers that turn a publication list file into entries for `services.import_publications`.

One module per source format; each `parse(content)` returns a `ParsedFile` and raises
`UnreadableFile` only when the file as a whole cannot be read. A malformed entry is listed in
`ParsedFile.errors` with its reason and never stops the others.
"""

import json
import re
from importlib import import_module
from pathlib import PurePath

from .base import ParsedFile, UnreadableFile

FORMATS = ("bibtex", "dblp", "openalex", "orcid", "crossref", "arxiv")

__all__ = ["FORMATS", "ParsedFile", "UnreadableFile", "guess_format", "parse"]

_EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".xml": "dblp"}
_BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def parse(content: str | bytes, *, format: str) -> ParsedFile:
    """The entries of `content` read as `format` (one of `FORMATS`)."""
    if format not in FORMATS:
        raise UnreadableFile(f"unknown format “{format}”; use one of {', '.join(FORMATS)}")
    return import_module(f"{__name__}.{format}").parse(content)


def guess_format(filename: str, content: str | bytes) -> str:
    """The format of a file from its extension, or from its first characters when unclear."""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    extension = PurePath(filename or "").suffix.lower()
    if extension in (".xml", ".atom") and "<feed" in head and "arxiv" in head.lower():
        return "arxiv"
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if head.startswith(("{", "[")):
        return _json_format(text)
    if head.startswith("<") and "<dblpperson" in head:
        return "dblp"
    if head.startswith("<") and "<feed" in head and "arxiv" in head.lower():
        return "arxiv"
    if _BIBTEX_START.search(head) or head.startswith("%"):
        return "bibtex"
    raise UnreadableFile(
        f"cannot tell the format of “{PurePath(filename or '').name}”; "
        f"give --format ({', '.join(FORMATS)})"
    )


def _json_format(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise UnreadableFile(f"the file is not valid JSON ({error})") from None
    sample = data[0] if isinstance(data, list) and data else data
    if isinstance(sample, dict):
        if "group" in sample or "put-code" in sample or "work-summary" in sample:
            return "orcid"
        if "bulk" in sample:
            return "orcid"
        if isinstance(sample.get("message"), dict) and sample.get("status") == "ok":
            return "crossref"
        if "results" in sample or "authorships" in sample or "abstract_inverted_index" in sample:
            return "openalex"
        if str(sample.get("id", "")).startswith("https://openalex.org/"):
            return "openalex"
    raise UnreadableFile("this JSON is not an OpenAlex, ORCID or Crossref works response")

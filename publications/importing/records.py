"""One publication as a source describes it, before it is matched and stored, and the
cleaning every entry goes through first."""

import re
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.identifiers import (
    display_author_name,
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)
from core.text import clean_text
from core.web import WEB_SCHEMES, is_web_address, scheme_of

from ..abstracts import shortened_abstract
from ..languages import normalise_language, publication_languages
from ..models import Publication, PublicationKind, ReleaseSource

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")

# Fields an import may fill in on an existing publication when they are empty there.
MERGEABLE_FIELDS = (
    "abstract",
    "year",
    "publication_date",
    "venue",
    "doi",
    "arxiv_id",
    "dblp_key",
    "openalex_id",
    "url",
    "pdf_url",
    "code_url",
    "title_language",
    "abstract_language",
)
# Identifiers one publication only may carry: never copied onto a second record of a paper.
UNIQUE_IDENTIFIERS = ("doi", "arxiv_id", "dblp_key", "openalex_id")
# The links an entry may carry: each is kept only when a page may link to it.
LINK_FIELDS = ("url", "pdf_url", "code_url")
# Text whose lines are kept; every other text of an entry is one line.
MULTILINE_FIELDS = ("abstract",)


@dataclass
class PublicationEntry:
    """One publication as a source describes it, before it is matched and stored."""

    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    year: int | None = None
    publication_date: date | None = None
    venue: str = ""
    kind: str = PublicationKind.OTHER
    doi: str = ""
    arxiv_id: str = ""
    dblp_key: str = ""
    openalex_id: str = ""
    url: str = ""
    pdf_url: str = ""
    code_url: str = ""
    topics: list[str] = field(default_factory=list)
    authors_complete: bool = True
    # Parallel to `authors`: what the source knows of each author, such as
    # {"orcid": "0000-0002-1825-0097", "dblp_pid": "23/7512", "openalex_id": "A5023888391"}.
    author_ids: list[dict] = field(default_factory=list)
    # Which kind of file or service described it (a ReleaseSource value).
    source: str = ReleaseSource.MANUAL
    # The work's language as the source declares it ("en", "english", "ngerman"…), if it does;
    # clean_entry() turns it into the title's and abstract's, or detects them.
    language: str = ""
    title_language: str = ""
    abstract_language: str = ""
    # What clean_entry() dropped from the entry, for the import report (“link “PDF” dropped: …”).
    cleaning_notes: list[str] = field(default_factory=list)


def clean_entry(entry: PublicationEntry) -> PublicationEntry:
    """`entry` as it may be stored: its text without control characters, its links web
    addresses only (what was dropped is in `cleaning_notes`), its identifiers normalised, its
    languages declared or detected; ValidationError when nothing of it can be stored."""
    clean_texts(entry)
    entry.cleaning_notes = drop_unsafe_links(entry)
    if not entry.title:
        raise ValidationError("the entry has no title")
    entry.doi = normalise_doi(entry.doi)
    entry.arxiv_id = normalise_arxiv_id(entry.arxiv_id)
    entry.dblp_key = normalise_dblp_key(entry.dblp_key)
    entry.openalex_id = normalise_openalex_id(entry.openalex_id)
    entry.abstract = shortened_abstract(entry.abstract or "")
    if arxiv_doi := _ARXIV_DOI.match(entry.doi):
        # arXiv's DOI only repeats the arXiv id; the DOI field is kept for the published version.
        entry.arxiv_id = entry.arxiv_id or normalise_arxiv_id(arxiv_doi.group(1))
        entry.doi = ""
    identifiers = list(entry.author_ids or [])
    identifiers += [{}] * (len(entry.authors) - len(identifiers))
    kept = [(n, i) for n, i in zip(entry.authors, identifiers, strict=False) if n.strip()]
    entry.authors = [display_author_name(name) for name, _ids in kept]
    entry.author_ids = [ids or {} for _name, ids in kept]
    if entry.source not in ReleaseSource.values:
        entry.source = ReleaseSource.MANUAL
    if entry.kind not in PublicationKind.values:
        entry.kind = PublicationKind.OTHER
    title_language, abstract_language = publication_languages(
        entry.title, entry.abstract, declared=entry.language
    )
    entry.title_language = normalise_language(entry.title_language) or title_language
    entry.abstract_language = normalise_language(entry.abstract_language) or abstract_language
    return entry


def clean_texts(entry: PublicationEntry) -> None:
    """Drop from every text of `entry` (title, abstract, venue, authors, topics and whatever a
    reader fills in) the control characters that would make a page or a feed invalid."""
    for spec in fields(entry):
        value = getattr(entry, spec.name)
        if isinstance(value, str):
            setattr(entry, spec.name, clean_text(value, multiline=spec.name in MULTILINE_FIELDS))
        elif isinstance(value, list) and spec.name != "cleaning_notes":
            setattr(entry, spec.name, [_cleaned(item) for item in value])


def _cleaned(item):
    if isinstance(item, str):
        return clean_text(item)
    if isinstance(item, dict):
        # What a source knows of an author: {"orcid": "…", "dblp_pid": "…"}.
        return {key: clean_text(v) if isinstance(v, str) else v for key, v in item.items()}
    return item


def drop_unsafe_links(entry: PublicationEntry) -> list[str]:
    """Empty each link of `entry` that is not an http or https address the publication can
    store; what was dropped, one note per link."""
    notes = []
    for name in LINK_FIELDS:
        address = str(getattr(entry, name) or "")
        model_field = Publication._meta.get_field(name)
        if not address or is_web_address(address, max_length=model_field.max_length):
            continue
        setattr(entry, name, "")
        values = {"field": model_field.verbose_name, "address": _shown(address)}
        if scheme_of(address) in WEB_SCHEMES:
            notes.append(
                _("link “%(field)s” dropped: %(address)s is not a valid web address") % values
            )
        else:
            notes.append(
                _("link “%(field)s” dropped: %(address)s is not an http or https address") % values
            )
    return notes


def _shown(address: str, *, length: int = 80) -> str:
    return address if len(address) <= length else f"{address[: length - 1]}…"

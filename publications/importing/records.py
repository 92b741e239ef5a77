"""One publication as a source describes it, before it is matched and stored, and the
cleaning every entry goes through first."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from core.identifiers import (
    display_author_name,
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)

from ..abstracts import shortened_abstract
from ..languages import normalise_language, publication_languages
from ..models import PublicationKind, ReleaseSource

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


def clean_entry(entry: PublicationEntry) -> PublicationEntry:
    entry.title = " ".join(entry.title.split())
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

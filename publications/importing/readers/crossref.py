"""Crossref works JSON: one work (`/works/<doi>`, `{"status": "ok", "message": {…}}`) or a list
(`/works?filter=…`, whose message holds `items`)."""

from datetime import date

from core.identifiers import normalise_doi

from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, plain_text, read_json

KINDS = {
    "journal-article": PublicationKind.JOURNAL_ARTICLE,
    "proceedings-article": PublicationKind.CONFERENCE_PAPER,
    "posted-content": PublicationKind.PREPRINT,
    "book": PublicationKind.BOOK,
    "monograph": PublicationKind.BOOK,
    "edited-book": PublicationKind.BOOK,
    "reference-book": PublicationKind.BOOK,
    "book-chapter": PublicationKind.BOOK_CHAPTER,
    "book-section": PublicationKind.BOOK_CHAPTER,
    "book-part": PublicationKind.BOOK_CHAPTER,
    "dissertation": PublicationKind.THESIS,
    "report": PublicationKind.REPORT,
    "dataset": PublicationKind.DATASET,
}
# The dates Crossref gives, the one that says when the work appeared first.
DATES = ("published", "published-print", "published-online", "issued")


def parse(content: str | bytes) -> ParsedFile:
    data = read_json(content)
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        works = message["items"]
    elif isinstance(message, dict) and "DOI" in message:
        works = [message]
    else:
        raise UnreadableFile("not a Crossref work or works list (no “message” with a DOI)")
    result = ParsedFile()
    for number, work in enumerate(works, start=1):
        label = str(work.get("DOI") or f"work {number}") if isinstance(work, dict) else str(number)
        try:
            result.entries.append(entry_from_work(work))
        except (ValueError, TypeError, AttributeError) as error:
            result.errors.append((label, str(error) or "the work is not a Crossref record"))
    return result


def entry_from_work(work: dict) -> PublicationEntry:
    """A PublicationEntry from one Crossref work (the `message` of `/works/<doi>`)."""
    if not isinstance(work, dict):
        raise ValueError("the work is not a JSON object")
    title = plain_text(" ".join(work.get("title") or []))
    if subtitle := plain_text(" ".join(work.get("subtitle") or [])):
        title = f"{title}: {subtitle}" if title else subtitle
    if not title:
        raise ValueError("the work has no title")
    people = [
        person
        for person in work.get("author") or []
        if isinstance(person, dict) and (person.get("family") or person.get("name"))
    ]
    year, published = _published(work)
    landing = ((work.get("resource") or {}).get("primary") or {}).get("URL") or ""
    return PublicationEntry(
        title=title,
        authors=[_name(person) for person in people],
        author_ids=[{"orcid": person["ORCID"]} if person.get("ORCID") else {} for person in people],
        # Crossref lists what the publisher deposited: every author of the paper.
        authors_complete=bool(people),
        abstract=plain_text(work.get("abstract")),
        year=year,
        publication_date=published,
        venue=plain_text(" ".join((work.get("container-title") or [])[:1])),
        kind=KINDS.get(work.get("type") or "", PublicationKind.OTHER),
        doi=normalise_doi(work.get("DOI") or ""),
        url="" if normalise_doi(landing) else landing,
        source=ReleaseSource.CROSSREF,
    )


def _name(person: dict) -> str:
    if person.get("family"):
        return plain_text(f"{person.get('given') or ''} {person['family']}")
    return plain_text(person.get("name"))


def _published(work: dict) -> tuple[int | None, date | None]:
    """The year and, when Crossref knows the day, the date the work first appeared."""
    found = []
    for name in DATES:
        parts = ((work.get(name) or {}).get("date-parts") or [[None]])[0] or [None]
        if isinstance(parts[0], int) and 1800 <= parts[0] <= 2100:
            found.append(parts)
    if not found:
        return None, None
    earliest = min(found, key=lambda parts: [*parts, 13, 32][:3])
    try:
        return earliest[0], date(*earliest[:3]) if len(earliest) >= 3 else None
    except (TypeError, ValueError):
        return earliest[0], None

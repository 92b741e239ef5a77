"""OpenAlex works JSON: one work (`/works/<id>`) or a list response (`/works?filter=…`)."""

from core.identifiers import normalise_arxiv_id, normalise_doi, normalise_openalex_id

from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, date_of, plain_text, read_json, year_of

KINDS = {
    "article": PublicationKind.JOURNAL_ARTICLE,
    "journal-article": PublicationKind.JOURNAL_ARTICLE,
    "letter": PublicationKind.JOURNAL_ARTICLE,
    "review": PublicationKind.JOURNAL_ARTICLE,
    "conference-paper": PublicationKind.CONFERENCE_PAPER,
    "proceedings-article": PublicationKind.CONFERENCE_PAPER,
    "preprint": PublicationKind.PREPRINT,
    "posted-content": PublicationKind.PREPRINT,
    "book": PublicationKind.BOOK,
    "book-chapter": PublicationKind.BOOK_CHAPTER,
    "dissertation": PublicationKind.THESIS,
    "report": PublicationKind.REPORT,
    "dataset": PublicationKind.DATASET,
    "software": PublicationKind.SOFTWARE,
}


def parse(content: str | bytes) -> ParsedFile:
    return parse_data(read_json(content))


def next_cursor(data) -> str:
    """The cursor of the next page of a list response (`meta.next_cursor`); "" on the last."""
    meta = data.get("meta") if isinstance(data, dict) else None
    cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
    return cursor if isinstance(cursor, str) else ""


def parse_data(data) -> ParsedFile:
    """The works of a decoded OpenAlex answer: one work, a list response, or a list of works."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        works = data["results"]
    elif isinstance(data, dict) and "id" in data:
        works = [data]
    elif isinstance(data, list):
        works = data
    else:
        raise UnreadableFile("not an OpenAlex work or works list (no “results” nor “id”)")
    result = ParsedFile()
    for number, work in enumerate(works, start=1):
        label = str(work.get("id") or f"work {number}") if isinstance(work, dict) else str(number)
        try:
            result.entries.append(entry_from_work(work))
        except (ValueError, TypeError, AttributeError) as error:
            result.errors.append((label, str(error) or "the work is not an OpenAlex record"))
    return result


def entry_from_work(work: dict) -> PublicationEntry:
    """A PublicationEntry from one OpenAlex work object."""
    if not isinstance(work, dict):
        raise ValueError("the work is not a JSON object")
    title = plain_text(work.get("title") or work.get("display_name"))
    if not title:
        raise ValueError("the work has no title")
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    kind = KINDS.get(work.get("type") or "", PublicationKind.OTHER)
    if kind == PublicationKind.JOURNAL_ARTICLE and source.get("type") == "conference":
        kind = PublicationKind.CONFERENCE_PAPER
    doi = normalise_doi(work.get("doi") or (work.get("ids") or {}).get("doi") or "")
    year = year_of(work.get("publication_year"))
    published = date_of(work.get("publication_date"))
    if published and (published.year != year or (published.month, published.day) == (1, 1)):
        published = None  # OpenAlex writes 1 January when it only knows the year.
    landing = location.get("landing_page_url") or ""
    people = [
        authorship.get("author")
        for authorship in work.get("authorships") or []
        if (authorship.get("author") or {}).get("display_name")
    ]
    return PublicationEntry(
        title=title,
        authors=[plain_text(person.get("display_name")) for person in people],
        author_ids=[
            {
                kind: value
                for kind, value in (
                    ("orcid", person.get("orcid")),
                    ("openalex_id", person.get("id")),
                )
                if value
            }
            for person in people
        ],
        authors_complete=bool(work.get("authorships")) and not work.get("is_authors_truncated"),
        abstract=abstract_text(work.get("abstract_inverted_index")),
        year=year,
        publication_date=published,
        venue=plain_text(source.get("display_name") or location.get("raw_source_name")),
        kind=kind,
        doi=doi,
        arxiv_id=_arxiv_id(work),
        openalex_id=normalise_openalex_id(str(work.get("id") or "")),
        url="" if normalise_doi(landing) else landing,
        pdf_url=location.get("pdf_url") or "",
        source=ReleaseSource.OPENALEX,
        language=str(work.get("language") or ""),
    )


def abstract_text(inverted_index: dict | None) -> str:
    """The abstract from OpenAlex's word -> positions index ({"Vector": [0], "filters": [2]})."""
    if not inverted_index:
        return ""
    placed = sorted(
        (position, word) for word, positions in inverted_index.items() for position in positions
    )
    return plain_text(" ".join(word for _position, word in placed))


def _arxiv_id(work: dict) -> str:
    if found := normalise_arxiv_id((work.get("ids") or {}).get("arxiv") or ""):
        return found
    for location in work.get("locations") or []:
        if found := normalise_arxiv_id((location or {}).get("landing_page_url") or ""):
            return found
    return ""

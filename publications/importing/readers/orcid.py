"""ORCID public API v3.0 works: the `/works` summary list or one full `/work/<put-code>`."""

from datetime import date

from core.identifiers import normalise_arxiv_id, normalise_doi

from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, plain_text, read_json, year_of

KINDS = {
    "journal-article": PublicationKind.JOURNAL_ARTICLE,
    "magazine-article": PublicationKind.JOURNAL_ARTICLE,
    "review": PublicationKind.JOURNAL_ARTICLE,
    "conference-paper": PublicationKind.CONFERENCE_PAPER,
    "conference-abstract": PublicationKind.CONFERENCE_PAPER,
    "conference-poster": PublicationKind.CONFERENCE_PAPER,
    "preprint": PublicationKind.PREPRINT,
    "book": PublicationKind.BOOK,
    "edited-book": PublicationKind.BOOK,
    "book-chapter": PublicationKind.BOOK_CHAPTER,
    "dissertation": PublicationKind.THESIS,
    "dissertation-thesis": PublicationKind.THESIS,
    "report": PublicationKind.REPORT,
    "working-paper": PublicationKind.REPORT,
    "data-set": PublicationKind.DATASET,
    "software": PublicationKind.SOFTWARE,
}


def parse(content: str | bytes) -> ParsedFile:
    data = read_json(content)
    if isinstance(data, dict) and isinstance(data.get("bulk"), list):
        # `/works/<put-code>,<put-code>,…`: the full works, or an error for each missing one.
        works = [
            item["work"] for item in data["bulk"] if isinstance(item, dict) and item.get("work")
        ]
    else:
        works = group_works(data)
    return parse_works(works)


def group_works(data) -> list[dict]:
    """The works of an ORCID answer: a `/works` list (one summary per group) or one work."""
    if isinstance(data, dict) and isinstance(data.get("group"), list):
        return [_group_work(group) for group in data["group"]]
    if isinstance(data, dict) and "put-code" in data:
        return [data]
    raise UnreadableFile("not an ORCID works list (no “group”) nor an ORCID work")


def bulk_works(data) -> dict[int, dict]:
    """The full works of a bulk answer (`/works/<put-code>,…`) by put-code; missing ones, which
    ORCID answers with an error, are left out."""
    if not isinstance(data, dict) or not isinstance(data.get("bulk"), list):
        raise UnreadableFile("not an ORCID bulk works answer (no “bulk”)")
    items = (item.get("work") for item in data["bulk"] if isinstance(item, dict))
    return {
        work["put-code"]: work for work in items if isinstance(work, dict) and work.get("put-code")
    }


def with_details(summary: dict, work: dict | None) -> dict:
    """A group's summary completed by the full work (contributors, description…), the
    identifiers of both kept."""
    if not work:
        return summary
    return {
        **summary,
        **work,
        "external-ids": {"external-id": [*_external_ids(summary), *_external_ids(work)]},
    }


def parse_works(works: list[dict]) -> ParsedFile:
    result = ParsedFile()
    for number, work in enumerate(works, start=1):
        label = f"put-code {work.get('put-code')}" if work.get("put-code") else f"work {number}"
        try:
            result.entries.append(entry_from_work(work))
        except (ValueError, TypeError, AttributeError) as error:
            result.errors.append((label, str(error) or "the work is not an ORCID record"))
    return result


def _group_work(group) -> dict:
    """The preferred summary of a group (ORCID's highest display index), with the group's ids."""
    if not isinstance(group, dict) or not group.get("work-summary"):
        return {}
    summaries = group["work-summary"]
    preferred = max(summaries, key=lambda summary: int(summary.get("display-index") or 0))
    ids = [*_external_ids(group), *(i for s in summaries for i in _external_ids(s))]
    return {**preferred, "external-ids": {"external-id": ids}}


def entry_from_work(work: dict) -> PublicationEntry:
    """A PublicationEntry from an ORCID work summary or full work."""
    title = plain_text(((work.get("title") or {}).get("title") or {}).get("value"))
    if not title:
        raise ValueError("the work has no title")
    doi, arxiv_id = "", ""
    for external_id in _external_ids(work):
        if external_id.get("external-id-relationship") not in (None, "self"):
            continue  # "part-of" names the journal or the book, not this work.
        kind_of_id = (external_id.get("external-id-type") or "").lower()
        value = external_id.get("external-id-value") or ""
        if kind_of_id == "doi" and not doi:
            doi = normalise_doi(value)
        elif kind_of_id == "arxiv" and not arxiv_id:
            arxiv_id = normalise_arxiv_id(value)
    contributors = (work.get("contributors") or {}).get("contributor") or []
    writers = [
        contributor
        for contributor in contributors
        if (contributor.get("credit-name") or {}).get("value")
        and ((contributor.get("contributor-attributes") or {}).get("contributor-role") or "author")
        in ("author", "http://credit.niso.org/contributor-roles/writing-original-draft/")
    ]
    authors = [plain_text(writer["credit-name"]["value"]) for writer in writers]
    year, published = _published(work.get("publication-date") or {})
    url = plain_text((work.get("url") or {}).get("value"))
    return PublicationEntry(
        title=title,
        authors=authors,
        author_ids=[
            {"orcid": orcid} if (orcid := (w.get("contributor-orcid") or {}).get("path")) else {}
            for w in writers
        ],
        # A summary names nobody: the list stays open until a fuller source completes it.
        authors_complete=bool(authors),
        abstract=plain_text(work.get("short-description")),
        year=year,
        publication_date=published,
        venue=plain_text((work.get("journal-title") or {}).get("value")),
        kind=KINDS.get(work.get("type") or "", PublicationKind.OTHER),
        doi=doi,
        arxiv_id=arxiv_id,
        url="" if normalise_doi(url) else url,
        source=ReleaseSource.ORCID,
        language=str(work.get("language-code") or ""),
    )


def _external_ids(work) -> list[dict]:
    if not isinstance(work, dict):
        return []
    return [i for i in (work.get("external-ids") or {}).get("external-id") or [] if i]


def _published(publication_date: dict) -> tuple[int | None, date | None]:
    parts = [
        ((publication_date.get(part) or {}).get("value") or "") for part in ("year", "month", "day")
    ]
    year = year_of(parts[0])
    try:
        return year, date(year, int(parts[1]), int(parts[2]))
    except (TypeError, ValueError):
        return year, None

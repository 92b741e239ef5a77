"""What each scholarly API is asked, and how its answers become entries: a member's works from
DBLP, OpenAlex (every page) and ORCID (with each work's details), and single works from
Crossref (by DOI) and arXiv (by arXiv id) to complete them."""

import itertools
from urllib.parse import quote

from .http import (
    ARXIV,
    CROSSREF,
    DBLP,
    OPENALEX,
    ORCID,
    FetchError,
    HarvestClient,
    NotFound,
    contact_email,
)
from .readers import ParsedFile, UnreadableFile, arxiv, crossref, dblp, openalex, orcid
from .readers.base import read_json
from .records import PublicationEntry

# OpenAlex's largest page; a list longer than MAX_OPENALEX_PAGES pages is not one person's.
OPENALEX_PAGE_SIZE = 200
MAX_OPENALEX_PAGES = 100
# ORCID's bulk read takes up to 100 put-codes; arXiv's id_list is kept to a short URL.
ORCID_BULK_SIZE = 100
ARXIV_IDS_PER_REQUEST = 50
JSON = "application/json"


def batched(items, size):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _polite(params: dict) -> dict:
    # OpenAlex and Crossref give a faster, steadier service to those who say who they are.
    return {**params, "mailto": contact_email()} if contact_email() else params


def dblp_works(client: HarvestClient, pid: str) -> ParsedFile:
    body = client.get(DBLP, f"/pid/{quote(pid, safe='/')}.xml", accept="application/xml")
    return dblp.parse(body)


def openalex_works(client: HarvestClient, author_id: str) -> ParsedFile:
    """Every work of the OpenAlex author, page after page with OpenAlex's cursor."""
    result, cursor = ParsedFile(), "*"
    for _page in range(MAX_OPENALEX_PAGES):
        data = read_json(
            client.get(
                OPENALEX,
                "/works",
                params=_polite(
                    {
                        "filter": f"author.id:{author_id}",
                        "per-page": OPENALEX_PAGE_SIZE,
                        "cursor": cursor,
                    }
                ),
                accept="application/json",
            )
        )
        page = openalex.parse_data(data)
        result.entries.extend(page.entries)
        result.errors.extend(page.errors)
        cursor = openalex.next_cursor(data)
        if not cursor or not (page.entries or page.errors):
            break
    return result


class OrcidWorks:
    """An ORCID record's works: the summaries of `/works`, then each work's full record
    (contributors, description) read `ORCID_BULK_SIZE` at a time. A bulk read that fails
    leaves its works as summaries, and says so in `incomplete`."""

    def __init__(self, client: HarvestClient, orcid_id: str):
        self.client, self.orcid_id = client, orcid_id
        self.incomplete = 0

    def read(self) -> ParsedFile:
        summaries = orcid.group_works(
            read_json(self.client.get(ORCID, f"/v3.0/{self.orcid_id}/works", accept=JSON))
        )
        by_code = {work["put-code"]: work for work in summaries if work.get("put-code")}
        details: dict[int, dict] = {}
        for codes in batched(list(by_code), ORCID_BULK_SIZE):
            path = f"/v3.0/{self.orcid_id}/works/{','.join(str(code) for code in codes)}"
            try:
                details |= orcid.bulk_works(read_json(self.client.get(ORCID, path, accept=JSON)))
            except (FetchError, UnreadableFile):
                self.incomplete += len(codes)
        return orcid.parse_works(
            [orcid.with_details(work, details.get(work.get("put-code"))) for work in summaries]
        )


def crossref_work(client: HarvestClient, doi: str) -> PublicationEntry | None:
    """Crossref's record of `doi`, or None when Crossref does not know it (a DataCite DOI)."""
    try:
        body = client.get(
            CROSSREF, f"/works/{quote(doi, safe='/:;()')}", params=_polite({}), accept=JSON
        )
    except NotFound:
        return None
    parsed = crossref.parse(body)
    return parsed.entries[0] if parsed.entries else None


def arxiv_works(client: HarvestClient, arxiv_ids: list[str]) -> ParsedFile:
    """arXiv's records of `arxiv_ids` (at most ARXIV_IDS_PER_REQUEST), in one request."""
    return arxiv.parse(
        client.get(
            ARXIV,
            "/api/query",
            params={"id_list": ",".join(arxiv_ids), "max_results": len(arxiv_ids)},
            accept="application/atom+xml",
        )
    )

"""arXiv API answers: the Atom feed of `/api/query?id_list=…` (or of a search)."""

import re

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from core.identifiers import normalise_arxiv_id

from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, date_of, plain_text, tidy

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# arXiv answers an unknown id with an entry titled "Error".
_ERROR_ID = re.compile(r"arxiv\.org/api/errors")


def parse(content: str | bytes) -> ParsedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        root = SafeElementTree.fromstring(data)
    except DefusedXmlException:
        raise UnreadableFile("XML with a DTD or entity declarations is refused") from None
    except SafeElementTree.ParseError as error:
        raise UnreadableFile(f"the file is not well-formed XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise UnreadableFile(f"not an arXiv Atom feed (root element <{root.tag}>)")
    result = ParsedFile()
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        label = (entry.findtext(f"{ATOM}id") or f"entry {number}").strip()
        if _ERROR_ID.search(label):
            result.errors.append((label, plain_text(entry.findtext(f"{ATOM}summary"))))
            continue
        try:
            result.entries.append(entry_from_atom(entry))
        except ValueError as error:
            result.errors.append((label, str(error)))
    return result


def entry_from_atom(entry) -> PublicationEntry:
    """A PublicationEntry (the preprint) from one Atom <entry> of the arXiv API."""
    title = tidy(entry.findtext(f"{ATOM}title") or "")
    if not title:
        raise ValueError("the entry has no title")
    arxiv_id = normalise_arxiv_id(entry.findtext(f"{ATOM}id") or "")
    if not arxiv_id:
        raise ValueError("the entry has no arXiv identifier")
    published = date_of(entry.findtext(f"{ATOM}published"))
    authors = [
        tidy(author.findtext(f"{ATOM}name") or "")
        for author in entry.findall(f"{ATOM}author")
        if (author.findtext(f"{ATOM}name") or "").strip()
    ]
    return PublicationEntry(
        title=title,
        authors=authors,
        authors_complete=bool(authors),
        abstract=tidy(entry.findtext(f"{ATOM}summary") or ""),
        year=published.year if published else None,
        publication_date=published,
        # The preprint is what arXiv describes; the journal version (arxiv:doi) is another
        # release, which the source that listed it brings.
        kind=PublicationKind.PREPRINT,
        venue="arXiv",
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        pdf_url=next(
            (
                link.get("href", "")
                for link in entry.findall(f"{ATOM}link")
                if link.get("title") == "pdf" and link.get("href")
            ),
            "",
        ),
        source=ReleaseSource.ARXIV,
    )

"""DBLP person records, as served at https://dblp.org/pid/<pid>.xml."""

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from core.identifiers import normalise_arxiv_id, normalise_doi

from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, plain_text, year_of

KINDS = {
    "article": PublicationKind.JOURNAL_ARTICLE,
    "inproceedings": PublicationKind.CONFERENCE_PAPER,
    "book": PublicationKind.BOOK,
    "incollection": PublicationKind.BOOK_CHAPTER,
    "phdthesis": PublicationKind.THESIS,
    "mastersthesis": PublicationKind.THESIS,
    "proceedings": PublicationKind.OTHER,
    "data": PublicationKind.DATASET,
}


def parse(content: str | bytes) -> ParsedFile:
    try:
        # A DTD can declare entities that expand without bound or read local files; dblp sends
        # none. The parser refuses it in whatever encoding the document is written (text is
        # read as it is, whatever encoding its declaration names).
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnreadableFile("XML with a DTD or entity declarations is refused") from None
    except ParseError as error:
        raise UnreadableFile(f"the file is not well-formed XML ({error})") from None
    except ValueError as error:
        # expat reads UTF-8 and UTF-16 only: "multi-byte encodings are not supported".
        raise UnreadableFile(f"the file's encoding cannot be read ({error})") from None
    if root.tag != "dblpperson":
        raise UnreadableFile(f"not a DBLP person record (root element <{root.tag}>)")
    result = ParsedFile()
    for number, wrapper in enumerate(root.iter("r"), start=1):
        record = next(iter(wrapper), None)
        if record is None:
            continue
        label = record.get("key") or f"record {number}"
        try:
            result.entries.append(entry_from_record(record))
        except ValueError as error:
            result.errors.append((label, str(error)))
    return result


def entry_from_record(record: Element) -> PublicationEntry:
    """A PublicationEntry from one DBLP record element (<article>, <inproceedings>, …)."""
    title_element = record.find("title")
    title = plain_text("".join(title_element.itertext())) if title_element is not None else ""
    # dblp ends every title with a full stop that the paper's title does not have.
    title = title[:-1].rstrip() if title.endswith(".") and not title.endswith("..") else title
    if not title:
        raise ValueError("the record has no title")
    people = record.findall("author") or record.findall("editor")
    doi, arxiv_id, url, other_link = "", "", "", ""
    for link in (plain_text(ee.text) for ee in record.findall("ee")):
        if not doi and (found := normalise_doi(link)):
            doi = found
        elif not arxiv_id and (found := normalise_arxiv_id(link)):
            arxiv_id = found
        elif not url and link.startswith(("http://", "https://")):
            url = link
        elif link and not other_link:
            other_link = link
    # A link of another kind is kept only to be dropped with a note by clean_entry().
    url = url or other_link
    kind = KINDS.get(record.tag, PublicationKind.OTHER)
    venue = plain_text(record.findtext("journal") or record.findtext("booktitle") or "")
    if "informal" in (record.get("publtype") or ""):
        kind = PublicationKind.PREPRINT
        venue = "arXiv" if venue == "CoRR" else venue
    if venue == "CoRR" and not arxiv_id:
        arxiv_id = normalise_arxiv_id((record.findtext("volume") or "").removeprefix("abs/"))
    return PublicationEntry(
        title=title,
        # Kept as written ("Xu Liu 0001"): the import shows names without the homonym number.
        authors=[plain_text("".join(person.itertext())) for person in people],
        author_ids=[_person_ids(person) for person in people],
        year=year_of(record.findtext("year")),
        venue=venue,
        kind=kind,
        doi=doi,
        arxiv_id=arxiv_id,
        dblp_key=record.get("key") or "",
        url=url,
        source=ReleaseSource.DBLP,
    )


def _person_ids(person: Element) -> dict:
    """The identifiers dblp gives for an author: <author pid="23/7512" orcid="0000-…">."""
    return {
        kind: value
        for kind, value in (("dblp_pid", person.get("pid")), ("orcid", person.get("orcid")))
        if value
    }

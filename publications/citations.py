"""Publications as citation records beside BibTeX: CSL-JSON (the Citation Style Language's
input, read by Zotero, Pandoc and citeproc) and RIS (read by EndNote, Zotero, Mendeley).

Titles keep their LaTeX math as written. An incomplete author list ends with the name
"et al." in both formats, as the BibTeX ends with "others": neither format has a way to say so,
and a reader of the file must not take the list for complete."""

import json
from collections.abc import Iterable

from django.http import HttpResponse

from core.identifiers import display_author_name

from .models import Publication, PublicationKind

CSL_JSON_CONTENT_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8"
RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
ET_AL = "et al."

# CSL 1.0.2 item types.
CSL_TYPES = {
    PublicationKind.JOURNAL_ARTICLE: "article-journal",
    PublicationKind.CONFERENCE_PAPER: "paper-conference",
    PublicationKind.PREPRINT: "article",
    PublicationKind.BOOK: "book",
    PublicationKind.BOOK_CHAPTER: "chapter",
    PublicationKind.THESIS: "thesis",
    PublicationKind.REPORT: "report",
    PublicationKind.DATASET: "dataset",
    PublicationKind.SOFTWARE: "software",
    PublicationKind.OTHER: "document",
}
# RIS reference types.
RIS_TYPES = {
    PublicationKind.JOURNAL_ARTICLE: "JOUR",
    PublicationKind.CONFERENCE_PAPER: "CONF",
    PublicationKind.PREPRINT: "UNPB",
    PublicationKind.BOOK: "BOOK",
    PublicationKind.BOOK_CHAPTER: "CHAP",
    PublicationKind.THESIS: "THES",
    PublicationKind.REPORT: "RPRT",
    PublicationKind.DATASET: "DATA",
    PublicationKind.SOFTWARE: "COMP",
    PublicationKind.OTHER: "GEN",
}
# Where the venue goes: the journal, proceedings or book a work is part of, or who issued it.
ISSUED_BY = {
    PublicationKind.BOOK,
    PublicationKind.THESIS,
    PublicationKind.REPORT,
    PublicationKind.DATASET,
    PublicationKind.SOFTWARE,
    PublicationKind.PREPRINT,
}
# Lower-case words that begin a family name: "Ludwig van Beethoven" is "van Beethoven".
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos"}


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name as written: "Family, Given", or given names then the family
    name, its particles included ("Ada de la Cruz" -> ("de la Cruz", "Ada"))."""
    name = display_author_name(name)
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    words = name.split()
    if len(words) < 2:
        return name, ""
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def authors(publication: Publication) -> list[tuple[str, str]]:
    """The known authors (prefetched), in order, as (family, given)."""
    return [split_name(authorship.name) for authorship in publication.authorships.all()]


def web_page(publication: Publication) -> str:
    return publication.url or publication.arxiv_url


def csl_item(publication: Publication, *, et_al: bool = True) -> dict:
    """The CSL-JSON item of `publication` (authors prefetched). `et_al=False` leaves out the
    closing "et al." of an incomplete list, for a processor that adds it itself."""
    item = {"id": publication.slug, "type": CSL_TYPES.get(publication.kind, "document")}
    names = [{"family": family, "given": given} for family, given in authors(publication)]
    names = [{part: text for part, text in name.items() if text} for name in names]
    if names and et_al and not publication.authors_complete:
        names.append({"literal": ET_AL})
    if names:
        item["author"] = names
    item["title"] = publication.title
    if publication.kind == PublicationKind.PREPRINT:
        item["genre"] = "Preprint"
        if publication.arxiv_id:
            item["archive"] = "arXiv"
            item["archive_location"] = f"arXiv:{publication.arxiv_id}"
    # "arXiv" as a preprint's venue is its archive, said once.
    if publication.venue and publication.venue.lower() != item.get("archive", "").lower():
        venue_field = "publisher" if publication.kind in ISSUED_BY else "container-title"
        item[venue_field] = publication.venue
    if publication.publication_date:
        day = publication.publication_date
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    elif publication.year:
        item["issued"] = {"date-parts": [[publication.year]]}
    if publication.doi:
        item["DOI"] = publication.doi
    if web_page(publication):
        item["URL"] = web_page(publication)
    if publication.abstract:
        item["abstract"] = publication.abstract
    return item


def csl_json(publications: Iterable[Publication]) -> str:
    """A CSL-JSON file: an array of items, in the order given."""
    return json.dumps([csl_item(p) for p in publications], ensure_ascii=False, indent=2) + "\n"


def _ris_value(value) -> str:
    # One line per tag: a value never runs on into the next tag.
    return " ".join(str(value).split())


def ris_record(publication: Publication) -> list[tuple[str, str]]:
    """The (tag, value) lines of `publication`'s RIS record, from TY to ER."""
    lines = [("TY", RIS_TYPES.get(publication.kind, "GEN"))]
    names = [("AU", ", ".join(filter(None, name))) for name in authors(publication)]
    if names and not publication.authors_complete:
        names.append(("AU", ET_AL))
    lines += names
    lines.append(("TI", publication.title))
    if publication.venue:
        lines.append(("PB" if publication.kind in ISSUED_BY else "T2", publication.venue))
    if publication.year:
        lines.append(("PY", str(publication.year)))
    if publication.publication_date:
        lines.append(("DA", publication.publication_date.strftime("%Y/%m/%d")))
    if publication.arxiv_id:
        lines += [("DB", "arXiv"), ("AN", f"arXiv:{publication.arxiv_id}")]
    if publication.doi:
        lines.append(("DO", publication.doi))
    if web_page(publication):
        lines.append(("UR", web_page(publication)))
    if publication.abstract:
        lines.append(("AB", publication.abstract))
    lines.append(("ER", ""))
    return [(tag, _ris_value(value)) for tag, value in lines]


def ris(publications: Iterable[Publication]) -> str:
    """A RIS file of `publications`, in their order: `TAG  - value` lines, CRLF-ended as the
    format asks, a blank line between records."""
    records = (
        "\r\n".join(f"{tag}  - {value}" for tag, value in ris_record(p)) for p in publications
    )
    return "".join(f"{record}\r\n\r\n" for record in records)


def csl_json_response(publications: Iterable[Publication], *, filename: str) -> HttpResponse:
    """`publications` as a CSL-JSON file, offered for download under `filename`.json."""
    return _download(csl_json(publications), CSL_JSON_CONTENT_TYPE, f"{filename}.json")


def ris_response(publications: Iterable[Publication], *, filename: str) -> HttpResponse:
    """`publications` as a RIS file, offered for download under `filename`.ris."""
    return _download(ris(publications), RIS_CONTENT_TYPE, f"{filename}.ris")


def _download(text: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

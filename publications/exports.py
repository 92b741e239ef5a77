"""Publications taken out of the directory: BibTeX (with bibtexparser 1.x) and schema.org
`ScholarlyArticle` data for JSON-LD."""

import re
import unicodedata
from collections.abc import Iterable

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter
from django.http import HttpResponse

from core.identifiers import display_author_name

from .latex import math_spans
from .models import Publication, PublicationKind

BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"

ENTRY_TYPES = {
    PublicationKind.JOURNAL_ARTICLE: "article",
    PublicationKind.CONFERENCE_PAPER: "inproceedings",
    PublicationKind.PREPRINT: "misc",
    PublicationKind.BOOK: "book",
    PublicationKind.BOOK_CHAPTER: "incollection",
    PublicationKind.THESIS: "phdthesis",
    PublicationKind.REPORT: "techreport",
}
# The field that names the venue, by entry type; "howpublished" for the rest.
VENUE_FIELDS = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "book": "publisher",
    "phdthesis": "school",
    "techreport": "institution",
}
FIELD_ORDER = [
    "author", "title", "journal", "booktitle", "publisher", "school", "institution",
    "howpublished", "year", "doi", "eprint", "archiveprefix", "url", "abstract",
]  # fmt: skip
FIELD_NAMES = {"archiveprefix": "archivePrefix"}

# Words not worth a citation key: "The", "On", "Une"…
KEY_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "le", "la", "les", "l", "un",
                 "une", "des", "du", "de", "d", "sur"}  # fmt: skip
# Standard LaTeX for each character that means something to BibTeX or LaTeX; every replacement
# has balanced braces, so no title can close its field or open a new entry.
_LATEX_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"{\^{}}",
    "~": r"{\~{}}",
    "@": "{@}",
}
_SPECIAL = re.compile(r"[\\{}$%&#_^~@]")
# In addresses and identifiers only what could end the field or the entry is escaped.
_ADDRESS_SPECIALS = {"{": "%7B", "}": "%7D", "%": r"\%", "\\": "%5C", "@": "%40", "#": r"\#",
                     "_": r"\_", "&": r"\&"}  # fmt: skip
_ADDRESS_SPECIAL = re.compile(r"[{}%\\@#_&]")


def latex_escape(text: str) -> str:
    """Plain `text` as a BibTeX value: one line, every special character escaped, so that no
    brace, `@` or `%` in a title can end the field or the entry early. Math is kept as it is
    when its braces balance."""
    text = " ".join(str(text).split())
    parts, position = [], 0
    for span in math_spans(text):
        parts.append(_escape_plain(text[position : span.start]))
        formula = text[span.start : span.end]
        parts.append(formula if _braces_balance(formula) else _escape_plain(formula))
        position = span.end
    parts.append(_escape_plain(text[position:]))
    return "".join(parts)


def address_escape(text: str) -> str:
    """A URL or DOI as a BibTeX value: `~` and `/` kept, braces percent-encoded."""
    text = "".join(str(text).split())
    return _ADDRESS_SPECIAL.sub(lambda match: _ADDRESS_SPECIALS[match.group(0)], text)


def _escape_plain(text: str) -> str:
    return _SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group(0)], text)


def _braces_balance(formula: str) -> bool:
    """Whether `formula` can stand in a BibTeX value as written. BibTeX counts every brace,
    the escaped \\{ of LaTeX math included: $\\{$ would leave its field open."""
    depth = 0
    for char in formula:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and "@" not in formula and "%" not in formula


# What BibTeX reads as structure in a name: "and" between authors, commas between its parts.
_NAME_STRUCTURE = re.compile(r"(?:^|\s)(?:and|others)(?:\s|$)|,", re.IGNORECASE)


def author_name(name: str) -> str:
    """One author as a BibTeX name: braced whole when it holds a comma or the word "and" (or is
    "others"), which would make it several authors or a name no reader can take apart."""
    escaped = latex_escape(name)
    return f"{{{escaped}}}" if _NAME_STRUCTURE.search(escaped) else escaped


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def citation_key(publication: Publication) -> str:
    """First author's family name, year and first real word of the title: `pascanu2024loss`."""
    authorships = list(publication.authorships.all())
    family = ""
    if authorships:
        words = display_author_name(authorships[0].name).split()
        family = _ascii_word(words[-1]) if words else ""
    title_words = [_ascii_word(word) for word in re.split(r"[\s\-:]+", publication.title)]
    title_words = [word for word in title_words if word]
    first = next((word for word in title_words if word not in KEY_STOPWORDS), "")
    first = first or (title_words[0] if title_words else "")
    key = f"{family or 'anon'}{publication.year or ''}{first}"
    return key or f"publication{publication.pk}"


def bibtex_entry(publication: Publication, key: str) -> dict[str, str]:
    """The bibtexparser record of `publication` (authors prefetched), every value escaped."""
    entry_type = ENTRY_TYPES.get(publication.kind, "misc")
    names = [author_name(display_author_name(a.name)) for a in publication.authorships.all()]
    if names and not publication.authors_complete:
        names.append("others")
    fields = {
        "ENTRYTYPE": entry_type,
        "ID": key,
        "author": " and ".join(names),
        # Double braces keep the title's capitals as written.
        "title": f"{{{latex_escape(publication.title)}}}",
        "year": str(publication.year or ""),
        "doi": address_escape(publication.doi),
        "url": address_escape(publication.url),
        "abstract": latex_escape(publication.abstract),
    }
    if publication.venue:
        fields[VENUE_FIELDS.get(entry_type, "howpublished")] = latex_escape(publication.venue)
    if publication.arxiv_id:
        fields["eprint"] = address_escape(publication.arxiv_id)
        fields["archiveprefix"] = "arXiv"
    return {FIELD_NAMES.get(name, name): value for name, value in fields.items() if value}


def bibtex(publications: Iterable[Publication], *, used_keys: dict[str, int] | None = None) -> str:
    """A BibTeX file of `publications`, in their order, each under a key unique in the file.
    `used_keys`, shared by the calls that write one file chunk by chunk, keeps keys unique
    across the chunks."""
    database = BibDatabase()
    used: dict[str, int] = {} if used_keys is None else used_keys
    for publication in publications:
        key = citation_key(publication)
        count = used.get(key, 0)
        used[key] = count + 1
        if count:
            key = f"{key}{_suffix(count)}"
        database.entries.append(bibtex_entry(publication, key))
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None
    writer.display_order = [FIELD_NAMES.get(name, name) for name in FIELD_ORDER]
    writer.add_trailing_comma = True
    return writer.write(database)


def bibtex_response(publications: Iterable[Publication], *, filename: str) -> HttpResponse:
    """`publications` as a BibTeX file, offered for download under `filename`.bib."""
    response = HttpResponse(bibtex(publications), content_type=BIBTEX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.bib"'
    return response


def _suffix(count: int) -> str:
    """b, c, …, z, then numbers: the second `pascanu2024loss` is `pascanu2024lossb`."""
    return chr(ord("a") + count) if count < 26 else str(count)


def property_value(kind: str, value: str, url: str) -> dict:
    return {"@type": "PropertyValue", "propertyID": kind, "value": value, "url": url}


def scholarly_article(publication: Publication, *, absolute) -> dict:
    """schema.org data of `publication`; `absolute(path)` makes a full address."""
    authors = []
    for authorship in publication.authorships.all():
        person = {"@type": "Person", "name": display_author_name(authorship.name)}
        if authorship.member and authorship.member.is_published:
            person["url"] = absolute(authorship.member.get_absolute_url())
        authors.append(person)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": publication.title,
        "name": publication.title,
        "url": absolute(publication.get_absolute_url()),
        "author": authors,
    }
    if publication.publication_date:
        data["datePublished"] = publication.publication_date.isoformat()
    elif publication.year:
        data["datePublished"] = str(publication.year)
    if publication.venue:
        venue_type = (
            "Periodical" if publication.kind == PublicationKind.JOURNAL_ARTICLE else "CreativeWork"
        )
        data["isPartOf"] = {"@type": venue_type, "name": publication.venue}
    identifiers = []
    if publication.doi:
        identifiers.append(property_value("DOI", publication.doi, publication.doi_url))
    if publication.arxiv_id:
        identifiers.append(property_value("arXiv", publication.arxiv_id, publication.arxiv_url))
    if identifiers:
        data["identifier"] = identifiers
        data["sameAs"] = [identifier["url"] for identifier in identifiers]
    if publication.abstract:
        data["abstract"] = publication.abstract
    topics = [topic.name for topic in publication.topics.all()]
    if topics:
        data["about"] = [{"@type": "Thing", "name": name} for name in topics]
    return data

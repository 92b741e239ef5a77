"""BibTeX files, such as a dblp or Google Scholar export, read with bibtexparser 1.x."""

import functools
import re
import unicodedata

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.latexenc import latex_to_unicode

from core.identifiers import normalise_arxiv_id, normalise_doi

from ...latex import NextOccurrence
from ...models import PublicationKind, ReleaseSource
from ..records import PublicationEntry
from .base import ParsedFile, UnreadableFile, decode, tidy, year_of

KINDS = {
    "article": PublicationKind.JOURNAL_ARTICLE,
    "inproceedings": PublicationKind.CONFERENCE_PAPER,
    "conference": PublicationKind.CONFERENCE_PAPER,
    "book": PublicationKind.BOOK,
    "incollection": PublicationKind.BOOK_CHAPTER,
    "inbook": PublicationKind.BOOK_CHAPTER,
    "phdthesis": PublicationKind.THESIS,
    "mastersthesis": PublicationKind.THESIS,
    "thesis": PublicationKind.THESIS,
    "techreport": PublicationKind.REPORT,
    "report": PublicationKind.REPORT,
    "dataset": PublicationKind.DATASET,
    "software": PublicationKind.SOFTWARE,
}
_NOT_ENTRIES = {"comment", "string", "preamble"}

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
# Text-style commands whose argument is kept as it is: \emph{k}-SAT -> k-SAT.
_TEXT_COMMANDS = re.compile(
    r"\\(?:emph|textit|textbf|textsc|texttt|textrm|textsf|textup|textnormal|mbox|text)"
    r"(?![A-Za-z])\s*"
)
# Characters LaTeX can only write as commands ({\textbraceleft}, {\~{}}): they stand in as
# private-use characters while braces and ~ are dropped, and come back as themselves.
_LITERAL_COMMANDS = {
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "textunderscore": "_",
    "~": "~",
    "^": "^",
}
_STAND_INS = {char: chr(0xE000 + n) for n, char in enumerate("{}~^\\_")}
_FROM_STAND_IN = str.maketrans({stand_in: char for char, stand_in in _STAND_INS.items()})
_PRIVATE_USE = re.compile("[\ue000-\ue005]")
_LITERAL_NAMES = (
    r"(textbraceleft|textbraceright|textasciitilde|textasciicircum|textbackslash|textunderscore)"
)
_LITERAL_COMMAND = re.compile(
    rf"\{{\\{_LITERAL_NAMES}\}}|\\{_LITERAL_NAMES}(?![A-Za-z])\s*(?:\{{\}})?"
    r"|\{\\([~^])\{\}\}|\\([~^])\{\}"
)
# dblp escapes the math of some titles: {\\textdollar}{\\textbackslash}oplus{\\textdollar}.
_ESCAPED_MATH = (
    ("{\\textdollar}", "$"),
    ("{\\textbackslash}", "\\"),
    ("{\\^{}}", "^"),
    ("\\{", "{"),
    ("\\}", "}"),
)
# LaTeX accent commands and the combining character each one puts on its letter.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "k": "\u0328",
    "r": "\u030a",
}
_ACCENT = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"
    r"|\\([uvHcdbkr])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))"
)
_SPECIAL_LETTERS = {
    "ss": "ß",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_SPECIAL_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\})?")
_ESCAPED_CHARACTER = re.compile(r"\\([&%#_$])")
_AUTHOR_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)
_LATEX_ESCAPE = re.compile(r"\\([_%&#$])")
_CORR_VOLUME = re.compile(r"^abs/(\S+)$")
_ARXIV_IN_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")


def parse(content: str | bytes) -> ParsedFile:
    text = decode(content)
    starts = [m for m in _ENTRY_START.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    if not starts:
        raise UnreadableFile("no BibTeX entry (“@article{…”) was found in the file")
    records = _records_by_key(_parse(text)) if _NEEDS_FULL_PARSER.search(text) else None
    result = ParsedFile()
    line, counted_to = 1, 0
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        line += text.count("\n", counted_to, start.start())
        counted_to = start.start()
        key = start.group(2)
        label = f"@{start.group(1)}{{{key}}} (line {line})"
        pending = records.get(key) if records is not None else None
        if pending:
            record = pending.pop(0)
        elif records is None and (quick := _read_entry(text, start.start(), end)) is not None:
            record = quick
        else:
            # The whole-file parse dropped it; read this entry alone before giving up on it.
            alone = _parse(text[start.start() : end])
            record = alone[0] if len(alone) == 1 else None
        if record is None:
            result.errors.append((label, _why_unreadable(text[start.start() : end], key)))
            continue
        try:
            result.entries.append(entry_from_record(record))
        except ValueError as error:
            result.errors.append((label, str(error)))
    return result


def entry_from_record(record: dict) -> PublicationEntry:
    """A PublicationEntry from one bibtexparser record (a dict of raw LaTeX fields)."""
    fields = {name.lower(): value for name, value in record.items()}
    for name in ("doi", "url", "eprint", "volume"):
        # Identifiers are written with escapes: 10.1007/978-3-642-60831-5\_34.
        fields[name] = _LATEX_ESCAPE.sub(r"\1", fields.get(name, "")).strip()
    title = latex_text(fields.get("title", ""))
    if not title:
        raise ValueError("the entry has no title")
    entry_type = fields.get("entrytype", "misc").lower()
    journal = latex_text(fields.get("journal", ""))
    doi = normalise_doi(fields.get("doi", "")) or normalise_doi(fields.get("url", ""))
    arxiv_id = _arxiv_id(fields, journal, doi)
    kind = KINDS.get(entry_type, PublicationKind.OTHER)
    on_arxiv = journal.lower() == "corr" or journal.lower().startswith("arxiv")
    if on_arxiv or (arxiv_id and entry_type in {"misc", "unpublished", "online"}):
        kind, journal = PublicationKind.PREPRINT, "arXiv"
    url = fields.get("url", "").strip()
    if normalise_doi(url) or normalise_arxiv_id(url):
        url = ""  # Already shown as the DOI or arXiv link; clean_entry() judges the others.
    names = [name for name in split_authors(fields.get("author", "")) if name]
    return PublicationEntry(
        title=title,
        authors=[name for name in names if name.lower() != "others"],
        authors_complete="others" not in (name.lower() for name in names),
        abstract=latex_text(fields.get("abstract", "")),
        year=year_of(fields.get("year")) or year_of(fields.get("date")),
        venue=journal
        or latex_text(
            fields.get("booktitle") or fields.get("school") or fields.get("institution") or ""
        ),
        kind=kind,
        doi=doi,
        arxiv_id=arxiv_id,
        url=url,
        source=ReleaseSource.BIBTEX,
        # biblatex names the language in `langid`, older styles in `language`.
        language=latex_text(fields.get("langid") or fields.get("language") or ""),
    )


def latex_text(value: str) -> str:
    """LaTeX as plain text: S{\\'{e}}bastien -> Sébastien, braces dropped, math kept as \\(…\\)."""
    if not value:
        return ""
    value = _LITERAL_COMMAND.sub(
        lambda match: _STAND_INS[_LITERAL_COMMANDS[next(filter(None, match.groups()))]],
        _PRIVATE_USE.sub("", value),
    )
    for escaped, raw in _ESCAPED_MATH:
        value = value.replace(escaped, raw)
    parts, position = [], 0
    for start, end in _math_in(value):
        parts.append(_latex_words(value[position:start]))
        formula = value[start:end]
        parts.append(formula if formula.startswith("\\(") else f"\\({formula[1:-1]}\\)")
        position = end
    parts.append(_latex_words(value[position:]))
    return tidy("".join(parts)).translate(_FROM_STAND_IN)


def _math_in(value: str):
    """Where the math of a BibTeX value is, as (start, end): \\(…\\) within a line, or $…$.

    One pass over `value`, whatever delimiters are left unclosed."""
    following = {needle: NextOccurrence(value, needle) for needle in ("\\(", "\\)", "$", "\n")}
    position = 0
    while True:
        starts = [following[opening].at_or_after(position) for opening in ("\\(", "$")]
        starts = [start for start in starts if start >= 0]
        if not starts:
            return
        start = min(starts)
        if value.startswith("\\(", start):
            end = following["\\)"].at_or_after(start + 2)
            line_end = following["\n"].at_or_after(start + 2)
            closed = end >= 0 and (line_end < 0 or end < line_end)
            end += 2
        else:
            end = following["$"].at_or_after(start + 1)
            closed = end > start + 1
            end += 1
        if closed:
            yield start, end
            position = end
        else:
            position = start + 1


@functools.lru_cache(maxsize=4096)
def _latex_words(text: str) -> str:
    text = _TEXT_COMMANDS.sub("", text).replace("\\\\", " ")
    text = _ACCENT.sub(_accented, text)
    text = _SPECIAL_LETTER.sub(lambda match: _SPECIAL_LETTERS[match.group(1)], text)
    text = _ESCAPED_CHARACTER.sub(r"\1", text)
    if "\\" in text:
        # Rare commands; bibtexparser's table knows them but is slow to search.
        text = latex_to_unicode(text)
    # Once \~{n} has become ñ, a ~ left over is LaTeX's non-breaking space.
    return text.replace("{", "").replace("}", "").replace("~", " ")


def _accented(match: re.Match) -> str:
    accent = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5) or match.group(6)
    letter = letter.removeprefix("\\")  # \'{\i} is í: the dotless i takes the accent.
    return unicodedata.normalize("NFC", letter + _ACCENTS[accent])


def split_authors(value: str) -> list[str]:
    """BibTeX author field as "First Last" names; "and" inside braces does not separate."""
    names, current, depth = [], "", 0
    for piece in re.split(r"([{}])", value):
        depth += {"{": 1, "}": -1}.get(piece, 0)
        if depth > 0 or piece in ("{", "}"):
            current += piece
            continue
        first, *others = _AUTHOR_SEPARATOR.split(piece)
        current += first
        for other in others:
            names.append(current)
            current = other
    names.append(current)
    return [_first_last(latex_text(name)) for name in names if name.strip()]


def _first_last(name: str) -> str:
    """ "Tavenas, Sébastien" -> "Sébastien Tavenas"; "King, Jr., Martin" -> "Martin King Jr."."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}".strip()
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return name.strip()


def _arxiv_id(fields: dict, journal: str, doi: str) -> str:
    archive = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    if archive == "arxiv" and (found := normalise_arxiv_id(fields.get("eprint", ""))):
        return found
    volume = _CORR_VOLUME.match(fields.get("volume", "").strip())
    if journal.lower() == "corr" and volume and (found := normalise_arxiv_id(volume.group(1))):
        return found
    in_doi = _ARXIV_IN_DOI.match(doi)
    if in_doi and (found := normalise_arxiv_id(in_doi.group(1))):
        return found
    return normalise_arxiv_id(fields.get("url", "")) or normalise_arxiv_id(fields.get("arxiv", ""))


def _parse(text: str) -> list[dict]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    parser.expect_multiple_parse = True
    try:
        return bibtexparser.loads(text, parser).entries
    except Exception:  # noqa: BLE001 - pyparsing raises many kinds on broken input
        return []


# @string macros are defined for the whole file: only bibtexparser's whole-file parse sees them.
_NEEDS_FULL_PARSER = re.compile(r"^[ \t]*@[ \t]*string", re.IGNORECASE | re.MULTILINE)
_ENTRY_HEAD = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*\{[ \t]*([^,\s{}]+)[ \t]*,")
_FIELD_NAME = re.compile(r"\s*([A-Za-z_][\w\-:.+]*)\s*=\s*")
_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s*")


def _read_entry(text: str, start: int, end: int) -> dict | None:
    """One entry as bibtexparser 1.x reads it, for the common shape only (`{…}` or numeric
    values, no `#` or quotes): pyparsing takes a millisecond per entry, this a few µs.
    None when the entry is not of that shape, and bibtexparser decides."""
    head = _ENTRY_HEAD.match(text, start, end)
    if head is None:
        return None
    record, position = {}, head.end()
    while True:
        position = _SPACE.match(text, position, end).end()
        if position < end and text[position] == "}":
            break
        name = _FIELD_NAME.match(text, position, end)
        if name is None:
            return None
        key, position = name.group(1).lower(), name.end()
        if key in record or position >= end:
            return None
        if text[position] == "{":
            depth, scan = 0, position
            while scan < end:
                char = text[scan]
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                    if depth == 0:
                        break
                scan += 1
            else:
                return None
            value, position = text[position + 1 : scan], scan + 1
        elif number := _NUMBER.match(text, position, end):
            value, position = number.group(0), number.end()
        else:
            return None
        lines = value.splitlines()
        if len(lines) > 1:
            value = "\n".join([lines[0], *(line.lstrip() for line in lines[1:])])
        record[key] = "" if not value or value == "{}" else value
        position = _SPACE.match(text, position, end).end()
        if position < end and text[position] == ",":
            position += 1
        elif not (position < end and text[position] == "}"):
            return None
    if text[position + 1 : end].strip():
        return None  # Text after the entry: bibtexparser's reading of it may differ.
    record["ENTRYTYPE"], record["ID"] = head.group(1).lower(), head.group(2)
    return record


def _records_by_key(records: list[dict]) -> dict[str, list[dict]]:
    by_key: dict[str, list[dict]] = {}
    for record in records:
        by_key.setdefault(record.get("ID", ""), []).append(record)
    return by_key


def _why_unreadable(chunk: str, key: str) -> str:
    if not key or key.endswith("="):
        return "the entry has no citation key"
    depth = 0
    for char in chunk:
        depth += {"{": 1, "}": -1}.get(char, 0)
    if depth != 0:
        return "unbalanced braces: a “{” or “}” is missing"
    if "," not in chunk:
        return "the entry has no fields"
    return "the entry is not valid BibTeX (check commas and “field = {value}” pairs)"

"""LaTeX math in titles and abstracts, shown as MathML; everything around it stays text.

Formulas are found in one pass over the text (`math_spans`), so that no title or abstract,
however many unclosed delimiters it holds, costs more than its length to read.
"""

from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring as parse_xml
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml

from core.text import escape

# Longer LaTeX is shown as written: no real formula needs more, and converting costs its length.
MAX_FORMULA_LENGTH = 1000
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", MATHML_NS)
# Presentation MathML only: whatever else latex2mathml lets through (\text{<script>}) is refused.
MATHML_ELEMENTS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "menclose", "mpadded", "mphantom", "mfenced", "mmultiscripts", "mprescripts",
    "none", "merror", "semantics",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "width",
    "height", "depth", "linethickness", "columnalign", "rowspacing", "columnspacing",
    "displaystyle", "scriptlevel", "notation", "accent", "accentunder", "movablelimits",
    "open", "close", "separators", "form", "symmetric", "minsize", "maxsize", "largeop",
    "columnlines", "rowlines", "frame", "framespacing", "align", "rowalign", "class",
}  # fmt: skip


def mathml(latex: str, *, display: bool = False) -> str | None:
    """`latex` as a MathML element, or None when latex2mathml cannot read it or its output
    holds anything but presentation MathML."""
    try:
        root = parse_xml(
            latex_to_mathml(latex, display="block" if display else "inline"), forbid_dtd=True
        )
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds on unreadable LaTeX
        return None
    for element in root.iter():
        namespace, _brace, name = element.tag.rpartition("}")
        if namespace != "{" + MATHML_NS or name not in MATHML_ELEMENTS:
            return None
        if any(attribute not in MATHML_ATTRIBUTES for attribute in element.attrib):
            return None
    # Serialised again by ElementTree, so every text node is escaped.
    return ElementTree.tostring(root, encoding="unicode", short_empty_elements=False)


class NextOccurrence:
    """Where `needle` next occurs in `text` from a given position on.

    A search is only made again once the position has passed what the last one found, so a
    scan that moves forward reads the text once per needle, however often it asks."""

    def __init__(self, text: str, needle: str):
        self.text, self.needle = text, needle
        self.searched_from, self.found = len(text) + 1, -1

    def at_or_after(self, position: int) -> int:
        """The index of the first `needle` at or after `position`, or -1."""
        known = self.searched_from <= position and (self.found == -1 or position <= self.found)
        if not known:
            self.searched_from, self.found = position, self.text.find(self.needle, position)
        return self.found


@dataclass(frozen=True)
class Formula:
    """One delimited formula of a text: where it starts and ends, its LaTeX, and whether it is
    displayed on its own line (\\[…\\], $$…$$) or inline (\\(…\\), $…$)."""

    start: int
    end: int
    latex: str
    display: bool


class _Scan:
    """The formulas of one text, read left to right: \\(…\\), \\[…\\], $$…$$ and $…$, each
    ending at the first closing delimiter (a dollar followed or preceded by a space is money,
    not math)."""

    def __init__(self, text: str):
        self.text = text
        self.next = {
            needle: NextOccurrence(text, needle)
            for needle in ("\\(", "\\)", "\\[", "\\]", "$$", "$")
        }

    def formulas(self) -> list[Formula]:
        found, position = [], 0
        while True:
            starts = [self.next[opening].at_or_after(position) for opening in ("\\(", "\\[", "$")]
            starts = [start for start in starts if start >= 0]
            if not starts:
                return found
            start = min(starts)
            formula = self.formula_at(start)
            if formula is None:
                position = start + 1
            else:
                found.append(formula)
                position = formula.end

    def formula_at(self, start: int) -> Formula | None:
        text = self.text
        if text.startswith("\\(", start):
            return self.closed_by("\\)", start, display=False)
        if text.startswith("\\[", start):
            return self.closed_by("\\]", start, display=True)
        if text.startswith("$$", start):
            # An unclosed $$ is no formula, and nor is a $ followed by a dollar.
            return self.closed_by("$$", start, display=True)
        first = text[start + 1 : start + 2]
        if not first or first.isspace():
            return None
        end = self.next["$"].at_or_after(start + 1)
        if end < 0 or (end > start + 2 and (text[end - 1].isspace() or text[end - 1] == "\\")):
            return None
        return Formula(start, end + 1, text[start + 1 : end], display=False)

    def closed_by(self, closing: str, start: int, *, display: bool) -> Formula | None:
        # The formula holds at least one character.
        end = self.next[closing].at_or_after(start + 3)
        if end < 0:
            return None
        return Formula(start, end + len(closing), self.text[start + 2 : end], display=display)


def math_spans(text: str) -> list[Formula]:
    """The formulas of `text`, in order and never overlapping."""
    return _Scan(text).formulas()


def render_math(text: str, *, line_breaks: bool = False) -> SafeString:
    """`text` HTML-escaped, except its LaTeX math, shown as MathML (or as escaped text when it
    cannot be read or is longer than MAX_FORMULA_LENGTH). Nothing of `text` reaches the page
    as HTML."""
    parts, position = [], 0

    def plain(chunk):
        escaped = escape(chunk)
        return escaped.replace("\n", "<br>") if line_breaks else escaped

    for formula in math_spans(text):
        parts.append(plain(text[position : formula.start]))
        written = text[formula.start : formula.end]
        converted = None
        if len(formula.latex) <= MAX_FORMULA_LENGTH:
            converted = mathml(formula.latex.strip(), display=formula.display)
        parts.append(converted or plain(written))
        position = formula.end
    parts.append(plain(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or checked MathML

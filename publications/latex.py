"""LaTeX math in titles and abstracts, shown as MathML; everything around it stays text."""

import re
from xml.etree import ElementTree

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml

# \(…\), \[…\], $$…$$ and $…$ (a dollar followed or preceded by a space is money, not math).
MATH = re.compile(
    r"\\\((?P<inline>.+?)\\\)"
    r"|\\\[(?P<display>.+?)\\\]"
    r"|\$\$(?P<display_dollars>.+?)\$\$"
    r"|\$(?P<dollars>[^\s$](?:[^$]*?[^\s$\\])?)\$",
    re.DOTALL,
)
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
        root = ElementTree.fromstring(
            latex_to_mathml(latex, display="block" if display else "inline")
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


def math_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in MATH.finditer(text)]


def render_math(text: str, *, line_breaks: bool = False) -> SafeString:
    """`text` HTML-escaped, except its LaTeX math, shown as MathML (or as escaped text when it
    cannot be read). Nothing of `text` reaches the page as HTML."""
    parts, position = [], 0

    def plain(chunk):
        escaped = escape(chunk)
        return escaped.replace("\n", "<br>") if line_breaks else escaped

    for match in MATH.finditer(text):
        parts.append(plain(text[position : match.start()]))
        latex = next(value for value in match.groupdict().values() if value is not None)
        display = match.group("display") is not None or match.group("display_dollars") is not None
        parts.append(mathml(latex.strip(), display=display) or plain(match.group(0)))
        position = match.end()
    parts.append(plain(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or checked MathML

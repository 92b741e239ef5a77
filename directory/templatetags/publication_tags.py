"""How publications read on a page: author names, LaTeX math as MathML, abstracts folded after
a few lines, and the schema.org data and BibTeX of a publication."""

import re
from bisect import bisect_left
from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.identifiers import display_author_name
from publications.latex import math_spans, render_math

register = template.Library()

# Fold after about 200 characters, but not to hide only a few words.
FOLD_AT = 200
FOLD_SLACK = 40


@register.filter
def math(text) -> SafeString:
    """A title or abstract with its LaTeX math as MathML and everything else escaped."""
    return render_math(str(text or ""))


@register.filter
def math_paragraphs(text) -> SafeString:
    """Like `linebreaks`, with math: a paragraph per blank line, <br> for single newlines."""
    text = str(text or "").replace("\r\n", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n{2,}", text) if p.strip()]
    return mark_safe(  # noqa: S308 - render_math escapes
        "\n\n".join(f"<p>{render_math(p, line_breaks=True)}</p>" for p in paragraphs)
    )


@dataclass(frozen=True)
class FoldedText:
    head: str
    tail: str


def fold_text(text: str, *, at: int = FOLD_AT) -> FoldedText:
    """`text` cut at the last word boundary before `at` characters, never inside a formula;
    no tail when short."""
    text = text.strip()
    if len(text) <= at + FOLD_SLACK:
        return FoldedText(head=text, tail="")
    spans = math_spans(text)
    starts = [formula.start for formula in spans]

    def formula_around(index):
        """The formula `index` falls strictly inside, or None (spans are sorted: a bisection)."""
        before = bisect_left(starts, index) - 1
        return spans[before] if before >= 0 and index < spans[before].end else None

    cut = text.rfind(" ", 0, at + 1)
    while cut > 0 and (formula := formula_around(cut)) is not None:
        cut = text.rfind(" ", 0, formula.start)
    if cut <= 0:
        cut = at
        if (formula := formula_around(cut)) is not None:
            cut = formula.start if formula.start > 0 else formula.end
    if cut >= len(text):
        return FoldedText(head=text, tail="")
    return FoldedText(head=text[:cut].rstrip(), tail=text[cut:])


@register.inclusion_tag("publications/_abstract.html")
def folded_abstract(publication):
    return {"publication": publication, "abstract": fold_text(publication.abstract)}


@register.filter
def author_name(authorship):
    return display_author_name(authorship.name)

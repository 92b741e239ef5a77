"""How publications read on a page: author names and abstracts folded after a few lines."""

from dataclasses import dataclass

from django import template

from publications.identifiers import display_author_name

register = template.Library()

# Fold after about 200 characters, but not to hide only a few words.
FOLD_AT = 200
FOLD_SLACK = 40


@dataclass(frozen=True)
class FoldedText:
    head: str
    tail: str


def fold_text(text: str, *, at: int = FOLD_AT) -> FoldedText:
    """`text` cut at the last word boundary before `at` characters; no tail when short."""
    text = text.strip()
    if len(text) <= at + FOLD_SLACK:
        return FoldedText(head=text, tail="")
    cut = text.rfind(" ", 0, at + 1)
    if cut <= 0:
        cut = at
    return FoldedText(head=text[:cut].rstrip(), tail=text[cut:])


@register.inclusion_tag("publications/_abstract.html")
def folded_abstract(publication):
    return {"publication": publication, "abstract": fold_text(publication.abstract)}


@register.filter
def author_name(authorship):
    return display_author_name(authorship.name)

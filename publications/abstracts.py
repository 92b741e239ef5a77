"""How much of an abstract an import keeps.

A real abstract runs to a few thousand characters; what is longer is the text of a whole paper
pasted into the field, or a file made to slow the pages down, and is cut.
"""

from .latex import math_spans

# Ten times a long real abstract; every page that lists the paper renders all of it.
MAX_ABSTRACT_LENGTH = 20_000


def shortened_abstract(text: str) -> str:
    """`text` when it is short enough, else its beginning, cut at a word boundary outside any
    formula and ended with "…", in at most MAX_ABSTRACT_LENGTH characters."""
    if len(text) <= MAX_ABSTRACT_LENGTH:
        return text
    cut = MAX_ABSTRACT_LENGTH - 1
    for formula in math_spans(text):
        if formula.start < cut < formula.end:
            # A formula cut in two would show as LaTeX; one that fills the start is cut anyway.
            cut = formula.start or cut
            break
    at_space = text.rfind(" ", 0, cut + 1)
    cut = at_space if at_space > 0 else cut
    return text[:cut].rstrip() + "…"

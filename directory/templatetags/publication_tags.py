"""How publications read on a page: author names, LaTeX math as MathML, abstracts folded after
a few lines, the Cite panel, and a publication as one item of a list.

The item is written here in Python rather than in templates: a profile or a list shows 20,
and the template engine's cost per variable and include (about 1.4 ms an item) was most of
those pages' time at 1,000,000 publications (docs/performance.md). The markup is the one the
templates had; the tests read it as a visitor would.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.identifiers import display_author_name
from core.text import escape
from core.urls import reverse_slug
from publications.latex import math_spans, render_math

from .site_tags import lang_attribute

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


@register.simple_tag
def authors(publication, highlight=None) -> SafeString:
    """The authors as printed, each member linked to their profile (`highlight`, the member
    whose page this is, in bold), and "et al." when the source gave only the first ones."""
    names = []
    for authorship in publication.authorships.all():
        name = escape(display_author_name(authorship.name))
        if highlight is not None and authorship.member_id == highlight.pk:
            names.append(f'<strong class="authors__self">{name}</strong>')
        elif authorship.member_id is not None and authorship.member.is_published:
            names.append(f'<a href="{escape(authorship.member.get_absolute_url())}">{name}</a>')
        else:
            names.append(name)
    if not publication.authors_complete:
        names.append(escape(gettext("et al.")))
    return mark_safe(  # noqa: S308 - each part is escaped above
        f'<p class="authors"><span class="visually-hidden">{escape(gettext("Authors:"))} '
        f"</span>{', '.join(names)}</p>"
    )


def folded_abstract(publication) -> SafeString:
    """The whole abstract, so that it reads without JavaScript; abstracts.js folds the tail
    away and reveals the button, which is hidden until then."""
    pk = int(publication.pk)
    lang = lang_attribute(str(publication.abstract_language or ""))
    abstract = fold_text(publication.abstract)
    tail = ""
    if abstract.tail:
        more, less = escape(gettext("see more")), escape(gettext("see less"))
        tail = (
            '<span class="abstract__ellipsis" hidden>…</span>'
            f'<span class="abstract__tail" id="abstract-{pk}-tail"{lang}>'
            f"{render_math(abstract.tail)}</span>\n"
            '  <button type="button" class="abstract__toggle" hidden aria-expanded="false"'
            f' aria-controls="abstract-{pk}-tail" aria-describedby="publication-{pk}-title"'
            f' data-label-more="{more}" data-label-less="{less}">{more}</button>'
        )
    return mark_safe(  # noqa: S308 - the text by render_math, the labels escaped
        f'<p class="abstract" id="abstract-{pk}">\n  <span class="abstract__head"{lang}>'
        f"{render_math(abstract.head)}</span>{tail}\n</p>"
    )


@lru_cache(maxsize=16)
def _cite_panel_in(language: str | None) -> str:
    """The Cite panel with its labels in `language`, escaped once for every item of every
    page (eleven translated labels per item were a sixth of a list's time): a str.format
    template of the item's {bibtex}, {title}, {ris} and {csl}."""
    labels = {
        "cite_bibtex": gettext("Cite (BibTeX)"),
        "cite": gettext("Cite"),
        "bibtex_label": gettext("BibTeX"),
        "copy": gettext("Copy"),
        "copied": gettext("BibTeX copied to the clipboard."),
        "failed": gettext("Could not copy: select the text and copy it."),
        "unavailable": gettext("Could not load the BibTeX: use the download link."),
        "download": gettext("Download the .bib file"),
        "other": gettext("Other formats:"),
    }
    escaped = {
        name: escape(label).replace("{", "{{").replace("}", "}}") for name, label in labels.items()
    }
    return (
        '<a class="cite__link" href="{{bibtex}}" download aria-describedby="{{title}}">'
        "{cite_bibtex}</a>\n"
        '  <details class="cite__panel" hidden data-bibtex-url="{{bibtex}}">\n'
        '    <summary aria-describedby="{{title}}">{cite}</summary>\n'
        # The figure names the text (HTML allows no aria-label on a pre); tabindex lets
        # keyboards scroll it.
        '    <figure class="cite__figure">\n'
        '      <figcaption class="cite__caption">{bibtex_label}</figcaption>\n'
        '      <pre class="cite__text" tabindex="0"><code></code></pre>\n'
        "    </figure>\n"
        # cite.js puts the Copy button first in this paragraph, with these labels.
        '    <p class="cite__actions" data-label-copy="{copy}" data-label-copied="{copied}"'
        ' data-label-failed="{failed}" data-label-unavailable="{unavailable}">\n'
        '      <a href="{{bibtex}}" download>{download}</a>\n'
        "    </p>\n"
        '    <p class="cite__status" role="status"></p>\n'
        '    <p class="cite__files">{other}'
        ' <a href="{{ris}}" download aria-describedby="{{title}}">RIS</a>'
        ' · <a href="{{csl}}" download type="application/vnd.citationstyles.csl+json"'
        ' aria-describedby="{{title}}">CSL-JSON</a></p>\n'
        "  </details>"
    ).format(**escaped)


@register.simple_tag
def cite_panel(publication) -> SafeString:
    """Without JavaScript, a link to the BibTeX file; cite.js swaps it for the panel, which
    shows the BibTeX and copies it, with the links to the other formats."""
    return mark_safe(  # noqa: S308 - the labels and every value escaped
        _cite_panel_in(get_language()).format(
            bibtex=escape(publication.bibtex_url),
            title=f"publication-{int(publication.pk)}-title",
            ris=escape(reverse_slug("publications:ris", publication.slug)),
            csl=escape(reverse_slug("publications:csl_json", publication.slug)),
        )
    )


@register.simple_tag
def publication_item(publication, highlight=None) -> SafeString:
    """One publication in a list: its title linked to its page, the authors (`highlight`,
    the member whose page this is), the venue and year, the folded abstract, and Cite."""
    pk = int(publication.pk)
    venue = ""
    if publication.venue or publication.year:
        separator = " · " if publication.venue and publication.year else ""
        year = publication.year if publication.year is not None else ""
        venue = (
            f'\n  <p class="publication__venue">{escape(publication.venue)}{separator}{year}</p>'
        )
    abstract = f"\n  {folded_abstract(publication)}" if publication.abstract else ""
    title_lang = lang_attribute(str(publication.title_language or ""))
    return mark_safe(  # noqa: S308 - every value escaped, the title by render_math
        '<article class="publication">\n'
        f'  <h3 class="publication__title" id="publication-{pk}-title"{title_lang}>'
        f'<a href="{escape(publication.get_absolute_url())}">{render_math(publication.title)}'
        "</a></h3>\n"
        f"  {authors(publication, highlight)}{venue}{abstract}\n"
        f'  <div class="cite">\n  {cite_panel(publication)}\n  </div>\n</article>'
    )

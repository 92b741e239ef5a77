"""How a member reads in a list: their card, portrait and position.

The card is written here in Python rather than in a template: the directory shows 24 of them
per page, and the template engine's cost per variable and include (about 0.5 ms a card) was
most of the page's time at 100,000 members (docs/performance.md). The markup is the one the
templates had, and `tests/directory/test_member_pages.py` reads it as a visitor would.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.text import escape, fold
from publications.latex import render_math

from .site_tags import fallback_lang, lang_of

register = template.Library()

# Topics named on a card; the others are counted.
CARD_TOPICS = 3


@register.simple_tag
def position(member) -> str:
    """ "Professeur agrégé, Université de Montréal": the position, the organisation, or both."""
    title = member.position_title
    organisation = member.organisation.name if member.organisation_id else ""
    if title and organisation:
        return f"{title}, {organisation}"
    return title or organisation


@register.simple_tag
def portrait(member, *, decorative: bool = False) -> SafeString:
    """The portrait, or the initials when there is none. Decorative next to the name on cards
    (the name says who it is); described on the profile."""
    if member.portrait:
        if decorative:
            return format_html(
                '<img class="portrait" src="{}" alt="" width="72" height="72">',
                member.card_portrait_url,
            )
        return format_html(
            '<img class="portrait portrait--large" src="{}" alt="{}" width="160" height="160">',
            member.profile_portrait_url,
            member.portrait_description,
        )
    if decorative:
        return format_html(
            '<span class="portrait portrait--initials" aria-hidden="true">{}</span>',
            member.initials,
        )
    return format_html(
        '<span class="portrait portrait--initials portrait--large" role="img" aria-label="{}">'
        "{}</span>",
        member.portrait_description,
        member.initials,
    )


def _topics(member) -> SafeString | str:
    # Each name read once (a translated field's descriptor is the cost), in reading order.
    names = sorted((str(topic.name) for topic in member.card_topics), key=fold)
    if not names:
        return ""
    tags = "".join(f'<li class="tag">{escape(name)}</li>' for name in names[:CARD_TOPICS])
    others = len(names) - CARD_TOPICS
    if others > 0:
        more = ngettext("+%(counter)s other", "+%(counter)s others", others) % {"counter": others}
        tags += f'\n      <li class="tag tag--more">{escape(more)}</li>'
    return mark_safe(  # noqa: S308 - every name and label escaped
        f'\n    <ul class="card__topics" aria-label="{escape(gettext("Research topics"))}">'
        f"\n      {tags}\n    </ul>"
    )


@register.simple_tag
def member_card(member) -> SafeString:
    """One member in a list (directory, topic page): portrait, name linked to the profile,
    membership type, position and the first topics. Reads the prefetched topics only."""
    position_line = ""
    if held := position(member):
        position_line = (
            f'\n    <p class="card__position"{fallback_lang(member, "position_title")}>'
            f"{escape(held)}</p>"
        )
    return mark_safe(  # noqa: S308 - every value escaped; the portrait, lang and topics are HTML
        f'<article class="card">\n  {portrait(member, decorative=True)}\n'
        '  <div class="card__body">\n'
        f'    <h3 class="card__name"><a href="{escape(member.get_absolute_url())}">'
        f"{escape(member.full_name)}</a></h3>\n"
        f'    <p class="card__type">{escape(member.membership_type.name)}</p>'
        f"{position_line}{_topics(member)}\n  </div>\n</article>"
    )


@register.simple_tag
def facet_checkboxes(topics) -> SafeString:
    """The directory's facets: a checkbox per topic with how many of the listed members have
    it, ticked when chosen (40 of them cost a millisecond in the template)."""
    items = []
    for topic in topics:
        slug, checked = escape(topic.slug), " checked" if topic.is_chosen else ""
        items.append(
            f"        <li>\n"
            f'          <input type="checkbox" name="topic" value="{slug}" id="topic-{slug}"'
            f"{checked}>\n"
            f'          <label for="topic-{slug}">{escape(topic.name)} '
            f'<span class="count">({int(topic.member_count)})</span></label>\n'
            f"        </li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped


def _reason(term: str, list_class: str, items) -> str:
    """One reason an expert is shown: its name, then a list of `items` (escaped <li>s)."""
    return (
        f"\n        <dt>{escape(term)}</dt>"
        f'\n        <dd><ul class="{list_class}">{"".join(items)}</ul></dd>'
    )


@register.simple_tag
def expert_item(expert) -> SafeString:
    """One member among the expert finder's results: name, type and position, and why (the
    topics the text names, their most relevant publications). Twelve of them cost 4 ms in the
    template."""
    member = expert.member
    about = escape(member.membership_type.name)
    if held := position(member):
        lang = fallback_lang(member, "position_title")
        about += f" · <span{lang}>{escape(held)}</span>"
    why = ""
    if expert.topics:
        why += _reason(
            gettext("Matching research topics"),
            "topic-links",
            (
                f'<li><a class="tag tag--link" href="{escape(topic.get_absolute_url())}">'
                f"{escape(topic.name)}</a></li>"
                for topic in expert.topics
            ),
        )
    if expert.publications:
        why += _reason(
            gettext("Most relevant publications"),
            "expert__publications",
            (
                f'<li><a href="{escape(paper.get_absolute_url())}"{lang_of(paper.title_language)}>'
                f"{render_math(paper.title)}</a>{f' ({int(paper.year)})' if paper.year else ''}"
                "</li>"
                for paper in expert.publications
            ),
        )
    if why:
        why = f'\n      <dl class="expert__why">{why}\n      </dl>'
    return mark_safe(  # noqa: S308 - every value escaped, the titles by render_math
        f'<li class="expert">\n'
        f'      <h3 class="expert__name"><a href="{escape(member.get_absolute_url())}">'
        f"{escape(member.full_name)}</a></h3>\n"
        f'      <p class="expert__type">{about}</p>{why}\n'
        f"    </li>"
    )

"""Reading rendered pages the way a visitor does: the visible text, the cards listed."""

import re


def page_text(response) -> str:
    """The visible text of the page's main content, tags dropped and spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"</?(a|strong|em|span)\b[^>]*>", "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def card_names(response) -> list[str]:
    """The member names on the cards of a page, in order."""
    return re.findall(r'class="card__name"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def publication_titles(response) -> list[str]:
    """The publication titles listed on a page, in order."""
    return re.findall(
        r'class="publication__title"[^>]*><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )

"""Exports in a real browser: the "Cite" panel shows the BibTeX and copies it; formulas in an
abstract render as MathML and "voir plus" still folds around them."""

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory, PublicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The fold (about 200 characters) would fall inside the second formula: it moves before it.
MATH_ABSTRACT = (
    "We train recurrent networks on long sequences and study how their gradients behave "
    "over time, with attention to the stability of training on accelerators, giving "
    r"a \(7\times\) speed-up and \(O(n^{2} + \log n)\) in the worst case, "
    "while the memory used stays bounded by the length of the longest sequence seen so far."
)


@pytest.fixture
def paper():
    member = MemberFactory(given_name="Razvan", family_name="Pascanu")
    return PublicationFactory(
        title=r"Loss Smoothing at \(7\times\) the Speed",
        abstract=MATH_ABSTRACT,
        year=2024,
        doi="10.1234/loss",
        authors=[member, "Clare Lyle"],
    )


@pytest.fixture
def clipboard_page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="fr-CA"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("where", ["profile", "publication"])
def test_cite_shows_the_bibtex_and_copy_puts_it_on_the_clipboard(clipboard_page, paper, where):
    page = clipboard_page
    member = paper.authorships.first().member
    page.goto(member.get_absolute_url() if where == "profile" else paper.get_absolute_url())
    expect(page.locator(".cite__link")).to_be_hidden()

    page.locator(".cite__panel summary").click()
    bibtex = page.locator(".cite__text")
    expect(bibtex).to_contain_text("@inproceedings{pascanu2024loss,")
    expect(bibtex).to_contain_text("doi = {10.1234/loss}")

    # The publication's page also has a Copy button per formatted reference: the panel's own.
    panel = page.locator(".cite__panel")
    panel.get_by_role("button", name="Copier").click()
    expect(panel.get_by_role("status")).to_have_text("BibTeX copié dans le presse-papiers.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@inproceedings{pascanu2024loss,")
    assert copied == bibtex.inner_text()


def test_without_javascript_cite_is_a_link_to_the_bib_file(browser, live_server, paper):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(paper.get_absolute_url())
        link = tab.get_by_role("link", name="Citer (BibTeX)")
        expect(link).to_have_attribute("href", f"/fr/publications/{paper.slug}/cite.bib")
        expect(tab.locator(".cite__panel")).to_be_hidden()
    finally:
        context.close()


def test_voir_plus_folds_around_mathml(page, paper):
    page.goto(paper.authorships.first().member.get_absolute_url())
    abstract = page.locator(".abstract")
    tail = page.locator(".abstract__tail")

    # Each formula is whole, on one side of the fold.
    expect(page.locator(".abstract__head math")).to_have_count(1)
    expect(page.locator(".abstract__tail math")).to_have_count(1)
    expect(page.locator(".publication__title math")).to_have_count(1)
    expect(tail).to_be_hidden()

    page.get_by_role("button", name="voir plus").click()
    expect(tail).to_be_visible()
    expect(abstract).to_contain_text("longest sequence", use_inner_text=True)
    page.get_by_role("button", name="voir moins").click()
    expect(tail).to_be_hidden()

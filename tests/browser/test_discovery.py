"""The expert finder and the co-author network in a real browser, with the keyboard only, on a
phone and on a desktop, with an accessibility scan."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from publications.discovery.expertise import compute_expertise
from publications.discovery.similar import refresh_similar
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 1280]


@pytest.fixture
def field():
    """Plainly fictional glaciologists: Ada writes with Bea three times and with an outsider."""
    topic = ResearchTopicFactory(
        slug="hydrologie-glaciaire", name_fr="Hydrologie glaciaire", name_en="Glacial hydrology"
    )
    ada = MemberFactory(given_name="Ada", family_name="Glaciaire", research_topics=[topic])
    bea = MemberFactory(given_name="Bea", family_name="Moraine", research_topics=[topic])
    for n in range(3):
        PublicationFactory(
            title=f"Fictional meltwater runoff under a subglacial crevasse field {n}",
            abstract="Invented glacier meltwater discharge and ablation of firn on a moraine.",
            year=2020 + n,
            authors=[ada, bea],
        )
    PublicationFactory(
        title="A made-up proglacial outwash survey",
        abstract="Proglacial outwash plains of an invented icefield.",
        authors=[ada, "Dee Outsider"],
    )
    compute_expertise()
    refresh_similar()
    return ada


def tab_to(page, locator, presses=80):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {locator}")


def assert_accessible(page, width):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url} at {width}px:\n{results.generate_report()}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px too wide at {width}px"


@pytest.mark.parametrize("width", WIDTHS)
def test_find_an_expert_with_the_keyboard(page, field, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/fr/membres/")

    tab_to(page, page.get_by_role("link", name="Trouver un expert"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/experts/$"))
    assert_accessible(page, width)

    tab_to(page, page.get_by_label("De quoi s’agit-il ?"))
    page.keyboard.type("Un appel à projets sur l'hydrologie glaciaire et le ruissellement")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Trouver des experts")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/experts/\?q=Un\+appel"))
    names = page.locator(".expert__name")
    expect(names.first).to_have_text(re.compile("Ada Glaciaire|Bea Moraine"))
    expect(page.get_by_role("link", name="Hydrologie glaciaire").first).to_be_visible()
    assert_accessible(page, width)

    tab_to(page, names.first.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Ada|Bea"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_network_with_the_keyboard(page, field, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(field.get_absolute_url())
    expect(page.get_by_role("heading", name="Membres aux travaux proches")).to_be_visible()
    expect(page.locator(".similar__why")).to_contain_text("3 publications communes")

    tab_to(page, page.get_by_role("link", name="Réseau de coauteurs"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/membres/ada-glaciaire/reseau/$"))
    expect(page.get_by_role("img", name="Réseau de coauteurs de Ada Glaciaire")).to_be_visible()
    rows = page.locator(".network__table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Bea Moraine")
    expect(rows.first.locator(".network__count")).to_have_text("3")
    drawing = page.locator(".network__drawing").bounding_box()
    assert drawing["width"] <= width
    assert_accessible(page, width)

    tab_to(page, page.get_by_role("link", name="Bea Moraine"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/membres/bea-moraine/$"))


def test_the_network_in_english(page, field):
    page.goto("/en/members/ada-glaciaire/network/")

    expect(page.get_by_role("img", name="Co-author network of Ada Glaciaire")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Joint publications")).to_be_visible()
    assert_accessible(page, 1280)

"""The public site in a real browser: "voir plus", the filter form, the language switcher and
an accessibility scan."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import (
    MemberFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ABSTRACT = (
    "Neural networks are often adapted in nonstationary data distributions settings where the "
    "objective is to optimize performance on the current task, and preserving accuracy on "
    "previous tasks is not required. As a result, existing methods primarily focus on improving "
    "plasticity, while stability is largely studied in the context of continual learning."
)
TAIL_WORDS = "while stability is largely studied"


@pytest.fixture
def razvan():
    continual = ResearchTopicFactory(slug="continu", name_fr="Apprentissage continu")
    deep = ResearchTopicFactory(slug="profond", name_fr="Apprentissage profond")
    member = MemberFactory(
        given_name="Razvan",
        family_name="Pascanu",
        organisation=OrganisationFactory(name="Google DeepMind"),
        position_title_fr="Chercheur scientifique principal",
        position_title_en="Principal research scientist",
        research_topics=[continual, deep],
    )
    colleague = MemberFactory(given_name="Clare", family_name="Lyle", research_topics=[continual])
    MemberFactory(given_name="Deep", family_name="Only", research_topics=[deep])
    publication = PublicationFactory(
        title="Loss Smoothing for Continual Adaptation",
        abstract=ABSTRACT,
        authors=[member, colleague, "Outside Author"],
    )
    publication.topics.set([continual])
    return member


def test_voir_plus_unfolds_and_folds_with_the_mouse(page, razvan):
    page.goto("/fr/membres/razvan-pascanu/")
    button = page.get_by_role("button", name="voir plus")
    tail = page.locator(".abstract__tail")

    expect(button).to_have_attribute("aria-expanded", "false")
    expect(tail).to_be_hidden()
    expect(page.locator(".abstract")).not_to_contain_text(TAIL_WORDS, use_inner_text=True)

    button.click()
    expect(tail).to_be_visible()
    expect(page.locator(".abstract")).to_contain_text(TAIL_WORDS, use_inner_text=True)
    less = page.get_by_role("button", name="voir moins")
    expect(less).to_have_attribute("aria-expanded", "true")

    less.click()
    expect(tail).to_be_hidden()
    expect(page.get_by_role("button", name="voir plus")).to_have_attribute("aria-expanded", "false")


def test_voir_plus_works_with_the_keyboard(page, razvan):
    page.goto("/fr/membres/razvan-pascanu/")
    button = page.locator(".abstract__toggle")

    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the voir plus button")

    page.keyboard.press("Enter")
    expect(page.locator(".abstract__tail")).to_be_visible()
    expect(button).to_have_text("voir moins")
    expect(button).to_be_focused()

    page.keyboard.press("Space")
    expect(page.locator(".abstract__tail")).to_be_hidden()
    expect(button).to_have_text("voir plus")
    expect(button).to_have_attribute("aria-expanded", "false")


def test_see_more_in_english(page, razvan):
    page.goto("/en/members/razvan-pascanu/")

    page.get_by_role("button", name="see more").click()

    expect(page.locator(".abstract__tail")).to_be_visible()
    expect(page.get_by_role("button", name="see less")).to_have_attribute("aria-expanded", "true")


def test_abstract_is_whole_without_javascript(browser, live_server, razvan):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/fr/membres/razvan-pascanu/")
        expect(tab.locator(".abstract")).to_contain_text(TAIL_WORDS, use_inner_text=True)
        expect(tab.locator(".abstract__toggle")).to_be_hidden()
    finally:
        context.close()


def test_filter_the_directory_by_two_topics_through_the_form(page, razvan):
    page.goto("/fr/membres/")
    expect(page.locator(".card")).to_have_count(3)

    page.get_by_label(re.compile(r"^Apprentissage continu")).check()
    page.get_by_label(re.compile(r"^Apprentissage profond")).check()
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(
        re.compile(r"topic=continu.*topic=profond|topic=profond.*topic=continu")
    )
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card__name")).to_have_text("Razvan Pascanu")
    expect(page.get_by_role("heading", name="1 membre")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Apprentissage continu"))).to_be_checked()


def test_switching_language_on_a_profile_stays_on_the_member(page, razvan):
    page.goto("/fr/membres/razvan-pascanu/")
    expect(page.locator(".profile__position")).to_have_text(
        "Chercheur scientifique principal, Google DeepMind"
    )

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/members/razvan-pascanu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Razvan Pascanu")
    expect(page.locator(".profile__position")).to_have_text(
        "Principal research scientist, Google DeepMind"
    )

    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/membres/razvan-pascanu/$"))


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_have_no_accessibility_violations(page, razvan, width):
    page.set_viewport_size({"width": width, "height": 800})
    publication = razvan.authorships.get().publication
    axe = Axe()

    for url in [
        "/fr/membres/",
        "/fr/membres/?topic=continu&topic=inconnu&q=razvan",
        "/fr/membres/razvan-pascanu/",
        "/en/members/razvan-pascanu/",
        "/fr/sujets/continu/",
        "/fr/publications/",
        publication.get_absolute_url(),
    ]:
        page.goto(url)
        results = axe.run(page)
        assert results.violations_count == 0, f"{url} at {width}px:\n{results.generate_report()}"
        # Nothing wider than the screen: readable on a phone without sideways scrolling.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px too wide at {width}px"

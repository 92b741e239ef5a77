"""The Cite panel of a publication's page in a real browser: the formatted references are
text without JavaScript, each Copy button copies its own, and the panel is accessible in
both languages on a phone and a desktop; the API's documentation page runs under the CSP."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import MemberFactory, PublicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APA = "Pascanu, R., Lyle, C., et al. (2024). Loss Smoothing at \\(7\\times\\) the Speed."


@pytest.fixture
def paper():
    member = MemberFactory(given_name="Razvan", family_name="Pascanu")
    return PublicationFactory(
        title=r"Loss Smoothing at \(7\times\) the Speed",
        venue="",
        year=2024,
        doi="10.1234/loss",
        authors=[member, "Clare Lyle"],
        authors_complete=False,
    )


def page_in(paper, language):
    return f"/{language}" + paper.get_absolute_url()[3:]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_cite_panel_is_accessible(page, paper, language, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page_in(paper, language))
    page.locator(".cite__panel summary").click()
    expect(page.locator(".cite__text")).to_contain_text("@inproceedings")

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px too wide at {width}px"


def test_each_copy_button_copies_its_reference(browser, live_server, paper):
    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        tab = context.new_page()
        tab.goto(paper.get_absolute_url())
        apa = tab.get_by_role("region", name="APA")
        apa.get_by_role("button", name="Copier").click()

        references = tab.locator(".cite__references")
        expect(references.get_by_role("status")).to_have_text(
            "Référence APA copiée dans le presse-papiers."
        )
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(APA)
        assert copied == apa.locator(".cite__reference-text").inner_text()
    finally:
        context.close()


def test_without_javascript_the_references_are_text(browser, live_server, paper):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(page_in(paper, "en"))
        chicago = tab.get_by_role("region", name="Chicago (author-date)")
        expect(chicago).to_contain_text("Pascanu, R., C. Lyle, et al. 2024.")
        expect(tab.get_by_role("region", name="IEEE")).to_contain_text(
            "R. Pascanu, C. Lyle, et al."
        )
        expect(tab.locator(".cite__references button")).to_have_count(0)
        expect(tab.get_by_role("link", name="RIS").first).to_have_attribute(
            "href", f"/en/publications/{paper.slug}/cite.ris"
        )
    finally:
        context.close()


WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.parametrize("url", ["/fr/api/", "/en/api/"])
def test_the_api_documentation_runs_under_the_policy(page, url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(WATCH_VIOLATIONS)

    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
    live = page.url.split("/")[2]
    assert all(request.split("/")[2] == live for request in requests), requests
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

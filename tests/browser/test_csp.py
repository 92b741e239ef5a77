"""The Content-Security-Policy enforced by a real browser: the public pages and the admin work
under it, and nothing they load is blocked."""

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory, PublicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ABSTRACT = " ".join(f"Phrase fictive numéro {n} sur l’apprentissage continu." for n in range(30))

# Records every violation the browser reports; init scripts run outside the page's policy.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, with the policy's violations and console errors collected."""
    errors = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.add_init_script(WATCH_VIOLATIONS)
    page.console_errors = errors
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations") + [
        text for text in page.console_errors if "Content Security Policy" in text
    ]


def test_public_page_runs_under_the_policy_and_voir_plus_works(watched):
    member = MemberFactory(given_name="Razvan", family_name="Pascanu")
    PublicationFactory(title="Loss Smoothing", abstract=ABSTRACT, authors=[member])

    response = watched.goto(member.get_absolute_url())

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    watched.get_by_role("button", name="voir plus").click()
    expect(watched.locator(".abstract__tail")).to_be_visible()
    expect(watched.get_by_role("button", name="voir moins")).to_have_attribute(
        "aria-expanded", "true"
    )
    watched.goto("/en/publications/")
    watched.goto("/fr/sujets/")
    assert violations(watched) == []


def test_an_inline_script_would_be_blocked(watched):
    """The policy really is enforced: a script injected into the page does not run."""
    watched.goto("/fr/membres/")

    watched.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )

    expect(watched.locator("body")).to_be_visible()
    assert watched.evaluate("window.injected") is None
    assert any("script-src" in violation for violation in violations(watched))


def test_admin_works_under_the_policy(watched):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    member = MemberFactory(given_name="Clare", family_name="Lyle")

    watched.goto("/admin/login/")
    watched.fill("#id_username", "root")
    watched.fill("#id_password", "correct horse battery staple")
    watched.click("input[type=submit]")
    expect(watched.locator("#user-tools")).to_be_visible()

    watched.goto(f"/admin/members/member/{member.pk}/change/")
    # The admin's own scripts ran: the autocomplete widgets are built by jQuery select2.
    expect(watched.locator(".select2-container").first).to_be_visible()
    watched.goto("/admin/members/member/?q=lyle")
    expect(watched.get_by_role("link", name="Clare Lyle")).to_be_visible()
    watched.goto("/admin/members/researchtopic/add/")
    # Prepopulated slug: the admin's script fills it from the name as the editor types.
    watched.locator("#id_name_fr").press_sequentially("Apprentissage profond")
    expect(watched.locator("#id_slug")).to_have_value("apprentissage-profond")
    assert violations(watched) == []


def test_the_schedule_admin_works_under_the_policy(watched):
    """django-celery-beat's pages, where staff see and change the harvest schedule."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    UserFactory(username="root", is_staff=True, is_superuser=True)
    every_hour = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.MINUTES)
    CrontabSchedule.objects.create(minute="0", hour="4")
    # The migration's row, unless an earlier test's flush removed it.
    task, _created = PeriodicTask.objects.update_or_create(
        name="Harvest the members whose turn it is",
        defaults={
            "task": "publications.tasks.harvest_due_members",
            "interval": every_hour,
            "kwargs": '{"every_hours": 168}',
        },
    )

    watched.goto("/admin/login/")
    watched.fill("#id_username", "root")
    watched.fill("#id_password", "correct horse battery staple")
    watched.click("input[type=submit]")
    watched.goto("/admin/django_celery_beat/periodictask/")
    expect(watched.get_by_role("link", name=task.name)).to_be_visible()
    watched.goto(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    # The form's script ran from its file: the crontab translation row is hidden, and
    # choosing a crontab explains it.
    expect(watched.locator(".field-crontab_translation")).to_be_hidden()
    watched.select_option("#id_crontab", index=1)
    expect(watched.locator(".field-crontab .help")).to_contain_text("04:00")
    assert violations(watched) == []

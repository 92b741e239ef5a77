"""Staff find the profiles whose English or French text is missing, and see how complete each
language is."""

import re

import pytest
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:members_member_changelist")


def listed(response) -> set[str]:
    return set(re.findall(r'class="field-full_name"><a href="[^"]+">([^<]+)</a>', response.text))


@pytest.fixture
def profiles():
    MemberFactory(given_name="Both", family_name="Languages", bio_fr="Bio.", bio_en="Bio.")
    MemberFactory(given_name="Only", family_name="French", bio_fr="Bio.", bio_en="")
    MemberFactory(given_name="Only", family_name="English", bio_fr=None, bio_en="Bio.")
    MemberFactory(
        given_name="No",
        family_name="Position",
        bio_fr="Bio.",
        bio_en="Bio.",
        position_title_fr="",
        position_title_en="",
    )
    MemberFactory(given_name="Draft", family_name="Hidden", bio_fr="", is_published=False)


@pytest.mark.parametrize(
    ("missing", "names"),
    [
        ("bio_en", {"Only French", "Draft Hidden"}),
        ("bio_fr", {"Only English", "Draft Hidden"}),
        ("position_title_en", {"No Position"}),
        ("position_title_fr", {"No Position"}),
        (
            "nonsense",
            {"Both Languages", "Only French", "Only English", "No Position", "Draft Hidden"},
        ),
    ],
)
def test_the_missing_translation_filter(admin_client, profiles, missing, names):
    response = admin_client.get(CHANGELIST, {"missing": missing})

    assert response.status_code == 200
    assert listed(response) == names


def test_the_changelist_says_how_complete_each_language_is(admin_client, profiles):
    response = admin_client.get(CHANGELIST, headers={"accept-language": "en"})

    text = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
    assert "Written in each language, over 4 published members" in text
    # Biographies: 3 of 4 in French, 3 of 4 in English; positions: 3 of 4 in each.
    assert re.search(r"Biography 75 % \(3\) · missing 75 % \(3\) · missing", text)
    assert re.search(r"Position 75 % \(3\) · missing 75 % \(3\) · missing", text)
    assert 'href="?missing=bio_en"' in response.text
    assert "translation-summary" in response.text and " style=" not in response.text


@pytest.mark.parametrize("records", [1, 40])
def test_the_filtered_changelist_runs_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries, records
):
    for n in range(records):
        MemberFactory(given_name=f"Member{n}", bio_en="")
    admin_client.get(CHANGELIST)  # The session and the user, read once.

    with django_assert_max_num_queries(12):
        response = admin_client.get(CHANGELIST, {"missing": "bio_en"})

    assert len(listed(response)) == records


def test_the_figures_are_kept_and_follow_every_change_to_a_member(admin_client, profiles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.signals import rows_changed
    from members.models import Member

    def summary():
        response = admin_client.get(CHANGELIST, headers={"accept-language": "en"})
        text = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
        return re.search(r"Biography (\d+) % \((\d+)\) · missing (\d+) % \((\d+)\)", text).groups()

    assert summary() == ("75", "3", "75", "3")
    # Kept: the next list does not count the members again.
    with CaptureQueriesContext(connection) as queries:
        summary()
    assert not any('"bio_fr"' in q["sql"] and "COUNT" in q["sql"] for q in queries)

    # A member saved in the admin: the next list counts again.
    member = Member.objects.get(family_name="English")
    member.bio_fr = "Biographie."
    member.save()
    assert summary() == ("100", "4", "75", "3")

    # A bulk write that tells it has written.
    Member.objects.filter(family_name="French").update(bio_en="Bio.")
    rows_changed.send(sender=Member)
    assert summary() == ("100", "4", "100", "4")

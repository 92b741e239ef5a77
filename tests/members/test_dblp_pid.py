"""The DBLP person id on a profile: only the shapes DBLP gives people, since the harvest puts it
in a dblp.org address."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.validators import validate_dblp_pid
from publications.importing import harvest
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


# Every shape found in DBLP's person records (tests/samples, shared samples of dblp.org).
@pytest.mark.parametrize(
    "pid",
    [
        "23/7512",
        "318/0989",
        "29/414",
        "04/8414",
        "50/34021",
        "93/3167-1",
        "50/3402-32",
        "k/SriramKrishnamoorthy",
        "s/XHSun",
        "m/GQMaguireJr",
        "h/GeoffreyEHinton",
    ],
)
def test_pids_dblp_gives_people_are_accepted(pid):
    validate_dblp_pid(pid)


@pytest.mark.parametrize(
    "pid",
    [
        "x/../../search/api",
        "23/../../search/api",
        "../23/7512",
        "23/7512/..",
        "23/7512/",
        "/23/7512",
        "23//7512",
        "23/7512.xml",
        "23/7512?format=json",
        "23/7512#x",
        "23/7512\n",
        " 23/7512",
        "23/75 12",
        "23/7512-",
        "23/7512-1-2",
        "23/abcd",
        "k/Sriram.Krishnamoorthy",
        "k/Sriram_Krishnamoorthy",
        "K/SriramKrishnamoorthy",
        "ab/SriramKrishnamoorthy",
        "k/",
        "https://dblp.org/pid/23/7512",
        "homepages/23/7512",
        "23",
    ],
)
def test_anything_else_is_refused(pid):
    with pytest.raises(ValidationError):
        validate_dblp_pid(pid)


def test_a_member_cannot_save_a_pid_that_leaves_their_dblp_page(client):
    account = UserFactory(username="ada")
    member = MemberFactory(user=account, dblp_pid="23/7512")
    client.force_login(account)

    response = client.post(reverse("members:account"), {"dblp_pid": "x/../../search/api"})

    assert response.status_code == 200
    assert "23/7512" in response.context["form"].errors["dblp_pid"][0]
    member.refresh_from_db()
    assert member.dblp_pid == "23/7512"


def test_the_harvest_does_not_ask_dblp_with_a_pid_saved_before_the_check():
    member = MemberFactory(dblp_pid="x/../../search/api")
    asked = []

    class RecordingClient:
        def get(self, api, path, *, params=None, accept):
            asked.append(path)
            raise AssertionError("no source may be asked")

        def close(self):
            pass

    report = harvest.harvest_member(member=member, client=RecordingClient())

    assert asked == []
    assert [source for source, _reason in report.failures] == ["DBLP"]
    assert "x/../../search/api" in report.failure_messages()[0]

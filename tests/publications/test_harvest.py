"""Harvesting a member's works from DBLP, OpenAlex and ORCID, on recorded responses only."""

import urllib.error
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from publications.importing import harvest
from publications.models import Publication, ReviewStatus
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"
RECORDED = {
    "https://dblp.org/pid/318/0989.xml": "person-318-0989-nikita-balagansky.xml",
    "https://api.openalex.org/works?filter=author.id:A5023888391&per-page=200": (
        "works-list-sample-5.json"
    ),
    "https://pub.orcid.org/v3.0/0000-0001-8607-8025/works": "works-0000-0001-8607-8025.json",
}


@pytest.fixture
def asked(monkeypatch):
    """The recorded response for each source's URL; the URLs and Accept headers asked."""
    calls = []

    def fetch_recorded(url, *, accept):
        calls.append((url, accept))
        return (SAMPLES / RECORDED[url]).read_bytes()

    monkeypatch.setattr(harvest, "fetch_url", fetch_recorded)
    return calls


@pytest.fixture
def member():
    return MemberFactory(
        given_name="Nikita",
        family_name="Balagansky",
        dblp_pid="318/0989",
        openalex_id="A5023888391",
        orcid="0000-0001-8607-8025",
    )


def run(slug) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("harvest", "--member", slug, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_harvest_imports_every_source_as_pending(asked, member, client):
    output, errors = run(member.slug)

    assert sorted(asked) == sorted(
        [
            ("https://dblp.org/pid/318/0989.xml", "application/xml"),
            (
                "https://api.openalex.org/works?filter=author.id:A5023888391&per-page=200",
                "application/json",
            ),
            ("https://pub.orcid.org/v3.0/0000-0001-8607-8025/works", "application/json"),
        ]
    )
    assert errors == ""
    assert "DBLP: 26 works read." in output
    assert "OpenAlex: 5 works read." in output
    assert "ORCID: 74 works read." in output
    created = Publication.objects.count()
    assert created > 80
    assert f"created {created}," in output
    assert f"pending {created}," in output
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert list(Publication.objects.public()) == []
    assert client.get(member.get_absolute_url()).context["page_obj"].object_list == []
    # Every harvested paper is on the member's list, for staff to review.
    assert Publication.objects.on_profile_of(member).count() == created
    assert Publication.objects.exclude(dblp_key="").count() >= 19
    assert Publication.objects.exclude(openalex_id="").count() == 5


def test_a_second_harvest_leaves_rejected_publications_out(asked, member):
    run(member.slug)
    rejected = Publication.objects.filter(dblp_key__startswith="conf/")
    count = rejected.count()
    assert count > 0
    rejected.update(review_status=ReviewStatus.REJECTED)
    total = Publication.objects.count()

    output, _errors = run(member.slug)

    assert "created 0," in output
    skipped = output.count(": rejetée auparavant")
    # Preprint and published version, or DBLP and ORCID, may both name a rejected paper.
    assert skipped >= count
    assert f"skipped {skipped}" in output
    for title in rejected.values_list("title", flat=True):
        assert f"skipped {title[:120]}: rejetée auparavant" in output
    assert Publication.objects.count() == total
    assert Publication.objects.filter(review_status=ReviewStatus.REJECTED).count() == count


def test_only_the_sources_named_on_the_profile_are_asked(asked):
    member = MemberFactory(dblp_pid="318/0989")

    output, _errors = run(member.slug)

    assert [url for url, _accept in asked] == ["https://dblp.org/pid/318/0989.xml"]
    assert "DBLP: 26 works read." in output


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            urllib.error.URLError("[Errno -2] Name or service not known"),
            "injoignable ([Errno -2] Name or service not known)",
        ),
        (TimeoutError("timed out"), "aucune réponse en 20 secondes"),
        (urllib.error.HTTPError("https://dblp.org/", 503, "Unavailable", {}, None), "503"),
    ],
)
def test_network_failure_gives_a_message_per_source(monkeypatch, member, failure, message):
    def unreachable(request, timeout):
        assert timeout == harvest.TIMEOUT_SECONDS
        raise failure

    monkeypatch.setattr(harvest.urllib.request, "urlopen", unreachable)

    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing could be fetched"):
        call_command("harvest", "--member", member.slug, stdout=StringIO(), stderr=errors)

    lines = errors.getvalue().splitlines()
    assert [line.split(" : ")[0] for line in lines] == ["DBLP", "OpenAlex", "ORCID"]
    assert all(message in line for line in lines)
    assert Publication.objects.count() == 0


def test_a_failing_source_does_not_stop_the_others(monkeypatch, member):
    def dblp_down(url, *, accept):
        if "dblp" in url:
            raise harvest.FetchError("the server answered with error 503")
        return (SAMPLES / RECORDED[url]).read_bytes()

    monkeypatch.setattr(harvest, "fetch_url", dblp_down)

    output, errors = run(member.slug)

    assert errors.strip().startswith("DBLP")
    assert "503" in errors
    assert "OpenAlex" not in errors
    assert "OpenAlex: 5 works read." in output
    assert Publication.objects.exists()


def test_an_unreadable_answer_is_reported(monkeypatch):
    member = MemberFactory(dblp_pid="318/0989")
    monkeypatch.setattr(harvest, "fetch_url", lambda url, *, accept: b"<html>maintenance</html>")

    report = harvest.harvest_member(member=member)

    assert report.read == []
    assert report.failures[0][0] == "DBLP"
    assert "DBLP" in report.failure_messages()[0]


def test_admin_action_harvests_the_selected_members(asked, member, client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_member_changelist"),
        {"action": "harvest_publications", "_selected_action": [member.pk]},
        follow=True,
    )

    created = Publication.objects.count()
    assert created > 80
    messages = [m.message for m in response.context["messages"]]
    assert len(messages) == 1
    assert f"{created} " in messages[0]
    assert not Publication.objects.public().exists()


def test_admin_action_reports_an_unreachable_source(monkeypatch, member, client, editor):
    def unreachable(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(harvest.urllib.request, "urlopen", unreachable)
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_member_changelist"),
        {"action": "harvest_publications", "_selected_action": [member.pk]},
        follow=True,
    )

    assert response.status_code == 200
    messages = [m.message for m in response.context["messages"]]
    assert any("DBLP" in m and "Name or service not known" in m for m in messages)
    assert any("ORCID" in m for m in messages)

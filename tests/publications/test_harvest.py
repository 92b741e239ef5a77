"""Harvesting a member's works from DBLP, OpenAlex and ORCID, completed by Crossref and arXiv,
against a local server answering with recorded responses."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.jobs import JobStatus
from publications.importing.harvest import harvest_member
from publications.models import Publication, ReviewStatus
from publications.runs import HarvestJob, HarvestTrigger
from tests.factories import MemberFactory
from tests.recorded import (
    MEMBER_IDS,
    SECOND_PAGE,
    Answer,
    orcid_bulk,
    record_member_sources,
    sample_json,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)


@pytest.fixture
def sources(recorded_sources):
    record_member_sources(recorded_sources)
    return recorded_sources


def harvest(django_capture_on_commit_callbacks, *slugs) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("harvest", *(f"--member={slug}" for slug in slugs), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_work_of_every_source_comes_in_pending(
    sources, member, client, django_capture_on_commit_callbacks
):
    output, errors = harvest(django_capture_on_commit_callbacks, member.slug)

    assert errors == ""
    assert sources.paths("dblp") == ["/dblp/pid/318/0989.xml"]
    # Both OpenAlex pages, the second through the first's cursor, with the largest page size.
    openalex = [query for path, query, _h in sources.asked if path == "/openalex/works"]
    assert [q["cursor"] for q in openalex] == ["*", SECOND_PAGE]
    assert {q["per-page"] for q in openalex} == {"200"}
    assert {q["filter"] for q in openalex} == {"author.id:A5023888391"}
    # The ORCID list, then every work's details, 100 put-codes at most per request.
    orcid = sources.paths("orcid")
    assert orcid[0] == "/orcid/v3.0/0000-0001-8607-8025/works"
    bulk = [path.rsplit("/", 1)[1].split(",") for path in orcid[1:]]
    assert [len(codes) for codes in bulk] == [74]
    assert output == "1 harvest(s) queued.\n"
    created = Publication.objects.count()
    assert created > 80
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert list(Publication.objects.public()) == []
    assert client.get(member.get_absolute_url()).context["page_obj"].object_list == []
    assert Publication.objects.on_profile_of(member).count() == created
    assert Publication.objects.exclude(openalex_id="").count() == 6
    job = HarvestJob.objects.get()
    assert (job.status, job.trigger, job.created, job.pending) == (
        JobStatus.DONE,
        HarvestTrigger.COMMAND,
        created,
        created,
    )
    assert {item["source"]: item["works"] for item in job.sources_read} == {
        "DBLP": 26,
        "OpenAlex": 6,
        "ORCID": 74,
        # Asked for the DOIs no source gave an abstract for; the recordings hold none of them.
        "Crossref": 0,
        # Asked for the CoRR preprints of the DBLP record; the recordings hold none of them.
        "arXiv": 0,
    }
    assert job.progress_text() == f"{job.progress_total:,} sur {job.progress_total:,} entrées"
    assert job.finished_at >= job.started_at >= job.queued_at


def test_requests_name_who_asks(sources, member, settings):
    settings.HARVEST_CONTACT_EMAIL = "publications@example.org"

    harvest_member(member=member)

    agents = {headers["User-Agent"] for _path, _query, headers in sources.asked}
    assert agents == {
        "institute-member-directory/1.0 (publication harvest; mailto:publications@example.org)"
    }
    openalex = [query for path, query, _h in sources.asked if path == "/openalex/works"]
    assert {q["mailto"] for q in openalex} == {"publications@example.org"}


def test_orcid_details_bring_the_authors(recorded_sources):
    """The works list names nobody; each work's full record lists its contributors."""
    full = sample_json("work-0000-0002-0734-2199-77226586.json")
    summary = {key: full[key] for key in ("put-code", "title", "type", "publication-date")}
    listing = {"group": [{"external-ids": full["external-ids"], "work-summary": [summary]}]}
    recorded_sources.add("/orcid/v3.0/0000-0002-0734-2199/works", listing)
    recorded_sources.add(
        "/orcid/v3.0/0000-0002-0734-2199/works/", orcid_bulk(listing, {77226586: full})
    )
    member = MemberFactory(given_name="Sebastian", family_name="Kreutzer", orcid=full["path"][1:20])

    report = harvest_member(member=member)

    assert report.failures == []
    publication = Publication.objects.get()
    names = list(publication.authorships.values_list("name", flat=True))
    assert len(names) > 3
    assert "Sebastian Kreutzer" in names
    assert publication.abstract


def test_crossref_and_arxiv_complete_what_the_first_source_lacks(recorded_sources):
    record_member_sources(recorded_sources)
    """An ORCID summary gives a title, a DOI or an arXiv id, and little else."""

    def summary(code, title, kind, id_type, value):
        external = {"external-id": [{"external-id-type": id_type, "external-id-value": value,
                                     "external-id-relationship": "self"}]}  # fmt: skip
        return {"external-ids": external, "work-summary": [
            {"put-code": code, "title": {"title": {"value": title}}, "type": kind,
             "external-ids": external}]}  # fmt: skip

    listing = {
        "group": [
            summary(
                1, "Vector Quotient Filters", "conference-paper", "doi", "10.1145/3448016.3452841"
            ),  # fmt: skip
            summary(
                2,
                "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
                "Connectivity Limit",
                "preprint",
                "arxiv",
                "1111.2011",
            ),  # fmt: skip
        ]
    }
    recorded_sources.add("/orcid/v3.0/0000-0002-1825-0097/works", listing)
    recorded_sources.add("/orcid/v3.0/0000-0002-1825-0097/works/", orcid_bulk(listing))
    member = MemberFactory(given_name="Alex", family_name="Conway", orcid="0000-0002-1825-0097")

    report = harvest_member(member=member)

    assert report.failures == []
    assert ("Crossref", 1) in report.read and ("arXiv", 1) in report.read
    paper = Publication.objects.get(doi="10.1145/3448016.3452841")
    assert paper.venue == "Proceedings of the 2021 International Conference on Management of Data"
    assert str(paper.publication_date) == "2021-06-09"
    assert paper.authors_complete
    authors = list(paper.authorships.values_list("name", "member"))
    assert authors[:2] == [("Prashant Pandey", None), ("Alex Conway", member.pk)]
    preprint = Publication.objects.get(arxiv_id="1111.2011")
    assert preprint.abstract.startswith("Theoretical description of anisotropic systems")
    assert list(preprint.authorships.values_list("name", flat=True))[:3] == [
        "James M. Murray",
        "Adrian Del Maestro",
        "Zlatko Tesanovic",
    ]
    assert preprint.year == 2011
    assert set(preprint.releases.values_list("source", flat=True)) == {"orcid", "arxiv"} or set(
        preprint.releases.values_list("source", flat=True)
    ) == {"orcid"}
    # Asked once: the next harvest finds the papers complete, or asked lately.
    asked = len(recorded_sources.paths("crossref")) + len(recorded_sources.paths("arxiv"))
    harvest_member(member=member)
    assert len(recorded_sources.paths("crossref")) + len(recorded_sources.paths("arxiv")) == asked


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_command_runs_the_harvest_and_reports_it(sources, member):
    """The embedded default: no CELERY_BROKER_URL, the job runs as it is queued."""
    out = StringIO()

    call_command("harvest", f"--member={member.slug}", stdout=out, stderr=StringIO())

    output = out.getvalue()
    assert output.startswith("1 harvest(s) queued.\nNikita Balagansky (nikita-balagansky): ")
    assert "DBLP: 26 works read." in output
    assert "OpenAlex: 6 works read." in output
    assert "ORCID: 74 works read." in output
    assert f"created {Publication.objects.count()}," in output


def test_a_second_harvest_leaves_rejected_publications_out(sources, member):
    harvest_member(member=member)
    rejected = Publication.objects.filter(dblp_key__startswith="conf/")
    count = rejected.count()
    assert count > 0
    rejected.update(review_status=ReviewStatus.REJECTED)
    total = Publication.objects.count()

    report = harvest_member(member=member).imported

    assert report.created == []
    rejected_again = [label for label, reason in report.skipped if reason == "rejetée auparavant"]
    assert len(rejected_again) >= count
    assert Publication.objects.count() == total
    assert Publication.objects.filter(review_status=ReviewStatus.REJECTED).count() == count


def test_only_the_sources_named_on_the_profile_are_asked(sources):
    member = MemberFactory(dblp_pid="318/0989")

    report = harvest_member(member=member)

    # DBLP, then arXiv for the preprints whose abstract DBLP does not give.
    assert [path for path, _q, _h in sources.asked] == [
        "/dblp/pid/318/0989.xml",
        "/arxiv/api/query",
    ]
    assert report.read == [("DBLP", 26), ("arXiv", 0)]
    assert report.not_asked == ["OpenAlex", "ORCID"]


def test_a_failing_source_does_not_stop_the_others(sources, member):
    sources.add("/dblp/pid/318/0989.xml", Answer(b"down for maintenance", status=503))

    report = harvest_member(member=member)

    assert [source for source, _reason in report.failures] == ["DBLP"]
    assert "503" in report.failures[0][1]
    assert ("OpenAlex", 6) in report.read
    assert Publication.objects.exists()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Answer(b"<html><body>maintenance</body></html>"), "la réponse est illisible"),
        (Answer(b'{"meta": {}, "results": "none"}'), "la réponse est illisible"),
        (Answer(b"", status=500), "répondu par l’erreur 500"),
    ],
)
def test_a_broken_answer_is_a_clear_message_per_source(
    recorded_sources, answer, message, django_capture_on_commit_callbacks
):
    recorded_sources.add("/dblp/pid/318/0989.xml", answer)
    recorded_sources.add("/openalex/works", answer)
    member = MemberFactory(dblp_pid="318/0989", openalex_id="A5023888391")

    harvest(django_capture_on_commit_callbacks, member.slug)

    job = HarvestJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Aucune source n’a pu être lue")
    assert [item["source"] for item in job.source_errors] == ["DBLP", "OpenAlex"]
    assert all(re.search(message, item["reason"]) for item in job.source_errors)
    assert Publication.objects.count() == 0


def test_an_unreachable_source_is_reported(settings, recorded_sources):
    settings.HARVEST_DBLP_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    member = MemberFactory(dblp_pid="318/0989")

    report = harvest_member(member=member)

    assert report.read == []
    assert report.failures[0][0] == "DBLP"
    assert "injoignable" in report.failure_messages()[0]


def test_the_command_queues_every_member_with_a_source(
    sources, member, django_capture_on_commit_callbacks
):
    MemberFactory()  # no identifier: not harvested
    MemberFactory(dblp_pid="318/0989", dblp_pid_confirmed=False)  # typed by that member

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("harvest", "--all", stdout=out)

    assert "2 harvest(s) queued." in out.getvalue()
    assert len(callbacks) == 2
    assert set(HarvestJob.objects.values_list("status", flat=True)) == {JobStatus.QUEUED}
    # Asked again while queued: not queued twice.
    with pytest.raises(CommandError, match="already queued"):
        call_command("harvest", "--all", stdout=StringIO())


def test_an_unknown_member_is_refused():
    with pytest.raises(CommandError, match="No member has the slug “personne”"):
        call_command("harvest", "--member=personne", stdout=StringIO())

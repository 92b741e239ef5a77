"""Trust in what is harvested: identifiers that cannot be borrowed, review with evidence,
suggested changes instead of silent merges, curation kept, members who claim and disclaim.

Harvests run against the local server answering with Nikita Balagansky's recorded DBLP record;
every other person here is fictional."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.models import Member
from publications.importing import PublicationEntry, import_publications
from publications.importing.harvest import harvest_member
from publications.models import (
    Authorship,
    Disclaimer,
    Publication,
    PublicationKind,
    ReviewStatus,
    SuggestedChange,
    SuggestionStatus,
)
from tests.admin_forms import change_form_data
from tests.factories import MemberFactory, PublicationFactory, UserFactory
from tests.recorded import record_member_sources

pytestmark = pytest.mark.django_db

PID = "318/0989"
# One of the recorded DBLP works, as DBLP describes it.
ICLR_KEY = "conf/iclr/BalaganskyMG25"
ICLR_TITLE = "Mechanistic Permutability: Match Features Across Layers"
PUBLICATIONS = reverse("admin:publications_publication_changelist")
SUGGESTIONS = reverse("admin:publications_suggestedchange_changelist")
MEMBERS = reverse("admin:members_member_changelist")


@pytest.fixture
def sources(recorded_sources):
    record_member_sources(recorded_sources)
    return recorded_sources


@pytest.fixture
def nikita(db):
    """The member the recorded DBLP record is of, with the pid staff confirmed."""
    return MemberFactory(
        given_name="Nikita", family_name="Balagansky", dblp_pid=PID, user=UserFactory()
    )


def own_profile_data(member, **changes) -> dict:
    """What the member's own page posts when saved with `changes`."""
    data = {
        "bio_fr": member.bio_fr,
        "bio_en": member.bio_en,
        "website": member.website,
        "email": member.email,
        "orcid": member.orcid,
        "google_scholar_id": member.google_scholar_id,
        "dblp_pid": member.dblp_pid,
        "openalex_id": member.openalex_id,
        "github_username": member.github_username,
    }
    return {key: value or "" for key, value in {**data, **changes}.items()}


def profile_titles(client, member) -> list[str]:
    response = client.get(member.get_absolute_url())
    return [publication.title for publication in response.context["page_obj"].object_list]


# --- Identifiers that cannot be borrowed --------------------------------------------------------


def test_a_borrowed_identifier_links_nothing_until_staff_confirm_the_right_member(
    client, editor, sources
):
    nikita = MemberFactory(given_name="Nikita", family_name="Balagansky")
    mallory = MemberFactory(given_name="Mallory", family_name="Fictive", user=UserFactory())
    client.force_login(mallory.user)
    response = client.post(reverse("members:account"), own_profile_data(mallory, dblp_pid=PID))
    assert response.status_code == 302
    mallory.refresh_from_db()
    assert (mallory.dblp_pid, mallory.dblp_pid_confirmed) == (PID, False)

    harvest_member(member=mallory)

    # 26 works, of which the preprints and their published versions are one paper each.
    papers = Publication.objects.count()
    assert papers == 19
    assert not Authorship.objects.filter(member=mallory).exists()
    # Each paper is proposed for review, with the evidence staff decide on.
    proposed = SuggestedChange.objects.filter(member=mallory, status=SuggestionStatus.OPEN)
    assert proposed.count() == papers
    [link] = proposed.first().evidence["links"]
    assert link | {"by": "member list", "through": "dblp_pid", "value": PID} == link
    assert link["confirmed"] is False
    # Even once staff approve every paper, nothing is on the borrower's public profile.
    client.force_login(editor)
    pending = list(Publication.objects.values_list("pk", flat=True))
    client.post(PUBLICATIONS, {"action": "approve", "_selected_action": pending})
    client.logout()
    assert profile_titles(client, mallory) == []

    # Staff type the pid on the right member's profile: confirmed, since they vouch for it.
    client.force_login(editor)
    change = reverse("admin:members_member_change", args=[nikita.pk])
    data = change_form_data(client.get(change))
    assert client.post(change, {**data, "dblp_pid": PID}).status_code == 302
    nikita.refresh_from_db()
    assert nikita.dblp_pid_confirmed

    harvest_member(member=nikita)
    again = harvest_member(member=mallory)

    # Every paper is on the right member's profile (its pages show ten at a time).
    assert Publication.objects.on_profile_of(nikita).public().count() == papers
    assert len(profile_titles(client, nikita)) == 10
    assert {a.evidence.get("by") for a in Authorship.objects.filter(member=nikita)} <= {
        "dblp_pid",
        "name",
    }
    assert profile_titles(client, mallory) == []
    # The borrower's next harvest does not even ask DBLP with another member's pid.
    assert [source for source, _reason in again.failures] == ["DBLP"]


def test_an_identifier_staff_confirmed_for_one_member_is_refused_to_another(client, nikita):
    mallory = MemberFactory(given_name="Mallory", family_name="Fictive", user=UserFactory())
    client.force_login(mallory.user)

    response = client.post(reverse("members:account"), own_profile_data(mallory, dblp_pid=PID))

    assert response.status_code == 200
    assert "Nikita Balagansky" in str(response.context["form"].errors["dblp_pid"])
    mallory.refresh_from_db()
    assert mallory.dblp_pid == ""
    # The database holds one confirmed holder only; unconfirmed copies link nothing.
    MemberFactory(dblp_pid=PID, dblp_pid_confirmed=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(dblp_pid=PID)


def test_staff_confirm_typed_identifiers_in_bulk_except_one_another_member_holds(
    client, editor, nikita
):
    typed = MemberFactory(orcid="0000-0002-1825-0097", orcid_confirmed=False)
    borrower = MemberFactory(dblp_pid=PID, dblp_pid_confirmed=False)
    client.force_login(editor)

    response = client.post(
        MEMBERS,
        {"action": "confirm_identifiers", "_selected_action": [typed.pk, borrower.pk]},
        follow=True,
    )

    assert response.status_code == 200
    typed.refresh_from_db(), borrower.refresh_from_db()
    assert typed.orcid_confirmed
    assert not borrower.dblp_pid_confirmed
    assert any("Nikita Balagansky" in m.message for m in response.context["messages"])


def test_a_name_two_members_could_be_links_neither_and_says_so_in_review(client, editor):
    jean = MemberFactory(given_name="Jean", family_name="Fictivier")
    jeanne = MemberFactory(given_name="Jeanne", family_name="Fictivier")

    report = import_publications(
        entries=[PublicationEntry(title="Un article fictif partagé", authors=["J. Fictivier"])],
        status=ReviewStatus.PENDING,
    )

    [authorship] = Authorship.objects.all()
    assert authorship.member is None
    assert report.ambiguous_authors == [("Un article fictif partagé", "J. Fictivier")]
    client.force_login(editor)
    change = reverse("admin:publications_publication_change", args=[authorship.publication_id])
    page = client.get(change).text
    assert "J. Fictivier" in page and str(jean) in page and str(jeanne) in page


# --- Review with evidence, suggested changes -------------------------------------------------


def approved_iclr_paper(**fields) -> Publication:
    return PublicationFactory(
        title=ICLR_TITLE,
        dblp_key=ICLR_KEY,
        venue="",
        abstract="",
        kind=PublicationKind.OTHER,
        year=2025,
        authors_complete=False,
        **fields,
    )


def test_a_harvest_into_an_approved_publication_waits_as_a_suggestion(
    client, editor, sources, nikita
):
    paper = approved_iclr_paper()
    Authorship.objects.create(publication=paper, position=1, name="N. Balagansky", member=nikita)

    report = harvest_member(member=nikita)

    paper.refresh_from_db()
    assert (paper.venue, paper.kind, paper.authors_complete) == ("", PublicationKind.OTHER, False)
    assert list(paper.authorships.values_list("name", flat=True)) == ["N. Balagansky"]
    assert "ICLR" not in client.get(paper.get_absolute_url()).text
    assert report.imported.suggested == [paper]
    suggestion = SuggestedChange.objects.get(publication=paper)
    assert suggestion.changes["venue"] == {"current": "", "proposed": "ICLR"}
    assert suggestion.changes["kind"]["proposed"] == PublicationKind.CONFERENCE_PAPER
    proposed_names = [name for name, _pk in suggestion.changes["authors"]["proposed"]]
    assert proposed_names == ["Nikita Balagansky", "Ian Maksimov", "Daniil Gavrilov"]

    client.force_login(editor)
    page = client.get(reverse("admin:publications_suggestedchange_change", args=[suggestion.pk]))
    assert page.status_code == 200
    assert "ICLR" in page.text and "Ian Maksimov" in page.text
    # Harvested again: the same suggestion, not a second one.
    harvest_member(member=nikita)
    assert SuggestedChange.objects.filter(publication=paper).count() == 1

    client.post(SUGGESTIONS, {"action": "accept", "_selected_action": [suggestion.pk]})

    paper.refresh_from_db()
    assert (paper.venue, paper.kind, paper.authors_complete) == (
        "ICLR",
        PublicationKind.CONFERENCE_PAPER,
        True,
    )
    assert list(paper.authorships.values_list("name", "member")) == [
        ("Nikita Balagansky", nikita.pk),
        ("Ian Maksimov", None),
        ("Daniil Gavrilov", None),
    ]
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.ACCEPTED, editor)
    assert paper.history.first().history_user == editor
    client.logout()
    assert "ICLR" in client.get(paper.get_absolute_url()).text


def test_staff_reject_suggestions_in_bulk_and_they_are_not_proposed_again(
    client, editor, sources, nikita
):
    papers = [approved_iclr_paper()]
    harvest_member(member=nikita)
    client.force_login(editor)
    open_ones = list(SuggestedChange.objects.values_list("pk", flat=True))
    assert len(open_ones) == len(papers)

    client.post(SUGGESTIONS, {"action": "reject", "_selected_action": open_ones})
    harvest_member(member=nikita)

    assert set(SuggestedChange.objects.values_list("status", flat=True)) == {
        SuggestionStatus.REJECTED
    }
    papers[0].refresh_from_db()
    assert papers[0].venue == ""


def test_a_title_staff_edited_survives_a_harvest_and_the_source_title_waits(
    client, editor, sources, nikita
):
    paper = approved_iclr_paper()
    client.force_login(editor)
    change = reverse("admin:publications_publication_change", args=[paper.pk])
    data = change_form_data(client.get(change))
    corrected = "Permutabilité mécanistique (titre corrigé par l’équipe)"
    assert client.post(change, {**data, "title": corrected}).status_code == 302
    paper.refresh_from_db()
    assert paper.curated_fields == ["title"]
    # Approved by staff too: a file import applies directly, except what staff edited.
    import_publications(
        entries=[PublicationEntry(title=ICLR_TITLE, dblp_key=ICLR_KEY, venue="ICLR")]
    )
    paper.refresh_from_db()
    assert (paper.title, paper.venue) == (corrected, "ICLR")
    from_file = SuggestedChange.objects.get(publication=paper)
    assert from_file.changes == {"title": {"current": corrected, "proposed": ICLR_TITLE}}

    harvest_member(member=nikita)

    client.logout()
    page = client.get(paper.get_absolute_url()).text
    assert corrected in page and ICLR_TITLE not in page
    suggestion = SuggestedChange.objects.exclude(pk=from_file.pk).get(publication=paper)
    assert suggestion.changes["title"] == {"current": corrected, "proposed": ICLR_TITLE}
    assert suggestion.evidence["reason"] == "approved"
    client.force_login(editor)
    review = client.get(reverse("admin:publications_suggestedchange_change", args=[suggestion.pk]))
    assert ICLR_TITLE in review.text


# --- Members claim and disclaim --------------------------------------------------------------


def test_a_member_disclaims_a_paper_and_no_harvest_links_it_back(client, editor, sources, nikita):
    harvest_member(member=nikita)
    client.force_login(nikita.user)
    page = client.get(reverse("members:account"))
    assert ICLR_TITLE in page.text
    paper = Publication.objects.get(dblp_key=ICLR_KEY)

    response = client.post(
        reverse("members:claim", args=[paper.pk]), {"answer": "not-mine"}, follow=True
    )

    assert response.status_code == 200
    assert not paper.authorships.filter(member=nikita).exists()
    assert "Nikita Balagansky" in paper.authorships.values_list("name", flat=True)
    assert Disclaimer.objects.filter(publication=paper, member=nikita).exists()
    assert paper not in response.context["pending_publications"]
    harvest_member(member=nikita)
    assert not paper.authorships.filter(member=nikita).exists()
    # Staff see who did it in the history of the author list.
    change = paper.authorships.get(name="Nikita Balagansky").history.first()
    assert change.history_user == nikita.user


def test_a_member_confirming_a_paper_found_through_a_confirmed_id_approves_it(
    client, sources, nikita, settings
):
    harvest_member(member=nikita)
    client.force_login(nikita.user)
    paper = Publication.objects.get(dblp_key=ICLR_KEY)

    client.post(reverse("members:claim", args=[paper.pk]), {"answer": "mine"})

    paper.refresh_from_db()
    assert paper.review_status == ReviewStatus.APPROVED
    assert paper.authorships.get(member=nikita).member_confirmed
    assert profile_titles(client, nikita) == [ICLR_TITLE]
    settings.MEMBER_CONFIRMATION_APPROVES = False
    other = Publication.objects.filter(review_status=ReviewStatus.PENDING).first()
    client.post(reverse("members:claim", args=[other.pk]), {"answer": "mine"})
    other.refresh_from_db()
    assert other.review_status == ReviewStatus.PENDING


def test_a_member_answers_only_for_papers_that_name_them(client, sources, nikita):
    harvest_member(member=nikita)
    stranger = MemberFactory(user=UserFactory())
    paper = Publication.objects.get(dblp_key=ICLR_KEY)
    client.force_login(stranger.user)

    response = client.post(reverse("members:claim", args=[paper.pk]), {"answer": "not-mine"})

    assert response.status_code == 302
    assert paper.authorships.filter(member=nikita).exists()
    assert not Disclaimer.objects.exists()
    assert client.get(reverse("members:claim", args=[paper.pk])).status_code == 405


# --- Query counts ----------------------------------------------------------------------------


def pending_papers(member, count: int):
    for n in range(count):
        paper = PublicationFactory(
            title=f"Article fictif en attente {n}", review_status=ReviewStatus.PENDING
        )
        Authorship.objects.create(
            publication=paper,
            position=1,
            name=member.full_name,
            member=member,
            evidence={"by": "name", "name": member.full_name},
        )
        SuggestedChange.objects.create(
            publication=paper,
            fingerprint=str(n),
            changes={"venue": {"current": "", "proposed": "Conférence fictive"}},
            evidence={"reason": "approved", "links": []},
        )
        other = PublicationFactory(title=f"Article fictif proposé {n}")
        SuggestedChange.objects.create(
            publication=other,
            member=member,
            fingerprint=f"link-{n}",
            changes={"authors": {"current": [], "proposed": [[member.full_name, member.pk]]}},
            evidence={"reason": "unconfirmed", "links": [{"member": member.pk}]},
        )


@pytest.mark.parametrize("count", [1, 20])
def test_the_own_page_with_papers_to_answer_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    member = MemberFactory(user=UserFactory())
    pending_papers(member, count)
    client.force_login(member.user)

    # 6 measured, whatever the number of papers waiting.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:account"))

    assert response.status_code == 200
    assert response.text.count('value="not-mine"') == 2 * count


@pytest.mark.parametrize("count", [1, 20])
def test_the_review_pages_run_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries, count
):
    member = MemberFactory()
    pending_papers(member, count)
    suggestion = SuggestedChange.objects.filter(member=member).first()
    client.force_login(editor)

    for url in (
        SUGGESTIONS,
        f"{SUGGESTIONS}?status__exact=open",
        reverse("admin:publications_suggestedchange_change", args=[suggestion.pk]),
        reverse("admin:publications_disclaimer_changelist"),
        f"{PUBLICATIONS}?review_status__exact=pending",
    ):
        # 5 to 9 measured, whatever the number of suggestions.
        with django_assert_max_num_queries(11):
            response = client.get(url)
        assert response.status_code == 200, url
    assert Member.objects.count() == 1


def test_identifiers_stored_before_confirmation_existed_count_as_confirmed_unless_shared():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("members.migrations.0009_identifier_confirmation")
    alone = MemberFactory(dblp_pid="23/7512", dblp_pid_confirmed=False)
    shared = MemberFactory.create_batch(2, openalex_id="A5023888391", openalex_id_confirmed=False)
    without = MemberFactory(orcid_confirmed=False)

    migration.confirm_existing_identifiers(apps, None)

    alone.refresh_from_db(), without.refresh_from_db()
    assert alone.dblp_pid_confirmed
    assert not without.orcid_confirmed
    assert not Member.objects.filter(pk__in=[m.pk for m in shared], openalex_id_confirmed=True)

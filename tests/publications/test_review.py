"""Review of publications: pending ones stay hidden, rejected ones stay out, and staff choose
what a profile shows (hidden and featured publications)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from publications.importing import PublicationEntry, import_publications
from publications.models import Authorship, Publication, ReviewStatus
from tests.factories import MemberFactory, PublicationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:publications_publication_changelist")


def titles(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


def test_pending_publication_is_invisible_to_visitors_until_approved(client, editor):
    member = MemberFactory()
    pending = PublicationFactory(
        title="Un article en attente", authors=[member], review_status=ReviewStatus.PENDING
    )

    assert client.get(pending.get_absolute_url()).status_code == 404
    assert titles(client.get(member.get_absolute_url())) == []
    assert "Un article en attente" not in client.get(reverse("publications:list")).text

    client.force_login(editor)
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [pending.pk]})
    client.logout()

    assert client.get(pending.get_absolute_url()).status_code == 200
    assert titles(client.get(member.get_absolute_url())) == ["Un article en attente"]
    assert "Un article en attente" in client.get(reverse("publications:list")).text


def test_approve_and_reject_bulk_actions(client, editor):
    first, second, third = (PublicationFactory(review_status=ReviewStatus.PENDING) for _ in "abc")
    client.force_login(editor)

    response = client.post(
        CHANGELIST,
        {"action": "approve", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert [m.message for m in response.context["messages"]] == ["2 publications approuvées."]

    response = client.post(
        CHANGELIST, {"action": "reject", "_selected_action": [second.pk, third.pk]}, follow=True
    )
    assert len(list(response.context["messages"])) == 1
    statuses = dict(Publication.objects.values_list("pk", "review_status"))
    assert statuses == {
        first.pk: ReviewStatus.APPROVED,
        second.pk: ReviewStatus.REJECTED,
        third.pk: ReviewStatus.REJECTED,
    }
    # The rejected publications are kept, so that a later harvest recognises them.
    assert Publication.objects.count() == 3


def test_review_status_filter_lists_pending_publications(client, editor):
    PublicationFactory(title="Publication approuvée")
    PublicationFactory(title="Publication en attente", review_status=ReviewStatus.PENDING)
    client.force_login(editor)

    response = client.get(CHANGELIST, {"review_status__exact": "pending"})

    assert "Publication en attente" in response.text
    assert "Publication approuvée" not in response.text


def test_editor_without_change_rights_cannot_approve(client):
    pending = PublicationFactory(review_status=ReviewStatus.PENDING)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_publication"))
    client.force_login(viewer)

    client.post(CHANGELIST, {"action": "approve", "_selected_action": [pending.pk]})

    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING


def test_a_rejected_publication_is_skipped_and_never_recreated():
    entry = {"title": "Un article refusé", "doi": "10.5555/refuse.1", "year": 2023}
    first = import_publications(entries=[PublicationEntry(**entry)], status=ReviewStatus.PENDING)
    Publication.objects.filter(pk=first.created[0].pk).update(review_status=ReviewStatus.REJECTED)

    again = import_publications(
        entries=[PublicationEntry(**{**entry, "doi": "https://doi.org/10.5555/REFUSE.1"})],
        status=ReviewStatus.PENDING,
    )

    assert again.summary() == {
        "created": 0,
        "merged": 0,
        "unchanged": 0,
        "pending": 0,
        "skipped": 1,
    }
    assert again.skipped == [("Un article refusé", "rejetée auparavant")]
    assert Publication.objects.get().review_status == ReviewStatus.REJECTED


def test_imports_match_by_dblp_key_and_openalex_id():
    import_publications(
        entries=[
            PublicationEntry(title="Titre DBLP", dblp_key="conf/fictif/Dupont24"),
            PublicationEntry(title="Titre OpenAlex", openalex_id="https://openalex.org/W123456"),
        ]
    )

    report = import_publications(
        entries=[
            PublicationEntry(title="Autre titre", dblp_key="conf/fictif/Dupont24", year=2024),
            PublicationEntry(title="Encore un autre", openalex_id="W123456", venue="Revue"),
        ]
    )

    assert report.summary()["created"] == 0
    assert Publication.objects.get(openalex_id="W123456").venue == "Revue"
    assert Publication.objects.get(dblp_key="conf/fictif/Dupont24").year == 2024


def test_a_staff_import_approves_a_pending_publication_it_matches():
    entry = PublicationEntry(title="Un article moissonné", doi="10.5555/moisson.1")
    import_publications(entries=[entry], status=ReviewStatus.PENDING)

    report = import_publications(
        entries=[PublicationEntry(title="Un article moissonné", doi="10.5555/moisson.1")]
    )

    assert report.pending == []
    assert Publication.objects.get().review_status == ReviewStatus.APPROVED


def test_hidden_from_profile_hides_it_from_that_member_only(client):
    wrong, right = MemberFactory(), MemberFactory()
    publication = PublicationFactory(title="Attribuée par erreur", authors=[wrong, right])
    Authorship.objects.filter(member=wrong).update(hidden_from_profile=True)

    assert titles(client.get(wrong.get_absolute_url())) == []
    assert titles(client.get(right.get_absolute_url())) == ["Attribuée par erreur"]
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_featured_publications_come_first_on_the_profile(client):
    member = MemberFactory()
    for year in (2024, 2023, 2022):
        PublicationFactory(title=f"Article {year}", year=year, authors=[member])
    Authorship.objects.filter(publication__year=2022).update(featured=True)

    response = client.get(member.get_absolute_url())

    assert titles(response) == ["Article 2022", "Article 2024", "Article 2023"]
    assert response.text.count("À la une") == 1


def test_at_most_three_featured_publications_per_member():
    member = MemberFactory()
    for _ in range(3):
        PublicationFactory(authors=[member])
    Authorship.objects.update(featured=True)
    fourth = PublicationFactory(authors=[member, MemberFactory()])
    authorship = fourth.authorships.get(member=member)
    authorship.featured = True

    with pytest.raises(ValidationError) as error:
        authorship.full_clean()

    assert "déjà 3 publications à la une" in str(error.value.message_dict["featured"])
    # Another member of the same paper may still feature it.
    other = fourth.authorships.exclude(member=member).get()
    other.featured = True
    other.full_clean()


def test_admin_inline_refuses_a_fourth_featured_publication(client, editor):
    member = MemberFactory()
    for _ in range(3):
        PublicationFactory(authors=[member])
    Authorship.objects.update(featured=True)
    publication = PublicationFactory(authors=[member])
    authorship = publication.authorships.get()
    client.force_login(editor)

    response = client.post(
        reverse("admin:publications_publication_change", args=[publication.pk]),
        {
            "title": publication.title,
            "slug": publication.slug,
            "kind": publication.kind,
            "is_published": "on",
            "review_status": "approved",
            "authors_complete": "on",
            "year": "2024",
            "authorships-TOTAL_FORMS": "1",
            "authorships-INITIAL_FORMS": "1",
            "authorships-MIN_NUM_FORMS": "0",
            "authorships-MAX_NUM_FORMS": "1000",
            "authorships-0-id": authorship.pk,
            "authorships-0-publication": publication.pk,
            "authorships-0-position": "1",
            "authorships-0-name": authorship.name,
            "authorships-0-member": member.pk,
            "authorships-0-featured": "on",
        },
    )

    assert response.status_code == 200
    assert "déjà 3 publications à la une" in response.text
    assert not Authorship.objects.get(pk=authorship.pk).featured

"""The history staff read: who changed a member, topic or publication, when, and what."""

import pytest
from django.urls import reverse

from core.history import recorded_as
from members.models import Member
from publications.importing import PublicationEntry, import_publications
from publications.models import Authorship, Publication, ReviewStatus
from tests.admin_forms import change_form_data
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_change_is_kept_with_its_author_and_shown_in_the_history(client, editor):
    member = MemberFactory(given_name="Ada", bio_fr="Avant.")
    client.force_login(editor)
    url = reverse("admin:members_member_change", args=[member.pk])
    data = change_form_data(client.get(url)) | {"bio_fr": "Après."}
    assert client.post(url, data).status_code == 302
    newest = member.history.first()
    assert newest.history_user == editor
    assert newest.history_type == "~"
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(newest.prev_record).changes}
    assert changes["bio_fr"] == ("Avant.", "Après.")
    assert "given_name" not in changes
    page = client.get(reverse("admin:members_member_history", args=[member.pk]))
    assert page.status_code == 200
    assert "Avant." in page.text and "Après." in page.text
    assert editor.username in page.text


def test_topic_changes_of_a_member_are_kept(client, editor):
    topic = ResearchTopicFactory(name_fr="Robotique fictive")
    member = MemberFactory()
    client.force_login(editor)
    url = reverse("admin:members_member_change", args=[member.pk])
    data = change_form_data(client.get(url)) | {"research_topics": [topic.pk]}
    client.post(url, data)
    newest = member.history.first()
    assert [row.researchtopic_id for row in newest.research_topics.all()] == [topic.pk]
    page = client.get(reverse("admin:members_member_history", args=[member.pk]))
    assert "research_topics" in page.text or "Robotique fictive" in page.text


def test_a_topic_renamed_in_the_admin_is_in_its_history(client, editor):
    topic = ResearchTopicFactory(name_fr="Ancien nom")
    client.force_login(editor)
    url = reverse("admin:members_researchtopic_change", args=[topic.pk])
    data = change_form_data(client.get(url)) | {"name_fr": "Nouveau nom"}
    assert client.post(url, data).status_code == 302
    assert [row.name_fr for row in topic.history.all()] == ["Nouveau nom", "Ancien nom"]
    assert topic.history.first().history_user == editor


def test_an_import_leaves_history_rows_saying_so():
    member = MemberFactory(given_name="Ada", family_name="Fictive")
    entry = PublicationEntry(
        title="Un article importé", authors=["Ada Fictive", "Autre Personne"], year=2024
    )
    import_publications(entries=[entry])
    publication = Publication.objects.get()
    assert [(row.history_type, row.history_change_reason) for row in publication.history.all()] == [
        ("+", "import")
    ]
    authors = Authorship.history.filter(publication_id=publication.pk)
    assert authors.count() == 2
    assert set(authors.values_list("history_change_reason", flat=True)) == {"import"}
    assert authors.filter(member_id=member.pk).exists()


def test_a_harvest_stays_a_harvest_and_names_who_asked():
    staff = UserFactory(username="staff")
    with recorded_as("harvest", user=staff):
        import_publications(entries=[PublicationEntry(title="Moissonné", year=2023)])
    row = Publication.history.get()
    assert (row.history_change_reason, row.history_user) == ("harvest", staff)


def test_approval_in_the_admin_is_kept_with_the_reviewer(client, editor):
    publication = PublicationFactory(review_status=ReviewStatus.PENDING)
    client.force_login(editor)
    client.post(
        reverse("admin:publications_publication_changelist"),
        {"action": "approve", "_selected_action": [publication.pk]},
    )
    newest = publication.history.first()
    assert newest.review_status == ReviewStatus.APPROVED
    assert newest.history_user == editor
    assert newest.history_change_reason == "review"


def test_a_members_own_edit_is_kept_as_such(client):
    account = UserFactory(username="ada")
    member = MemberFactory(user=account)
    client.force_login(account)
    client.post(reverse("members:account"), {"bio_fr": "Écrit par moi."})
    newest = Member.history.filter(id=member.pk).first()
    assert (newest.bio_fr, newest.history_user, newest.history_change_reason) == (
        "Écrit par moi.",
        account,
        "self-edit",
    )


def test_a_deleted_member_is_still_in_the_history(client, editor):
    member = MemberFactory(given_name="Disparue")
    pk = member.pk
    client.force_login(editor)
    client.post(reverse("admin:members_member_delete", args=[pk]), {"post": "yes"})
    assert not Member.objects.filter(pk=pk).exists()
    deleted = Member.history.filter(id=pk).first()
    assert (deleted.history_type, deleted.given_name, deleted.history_user) == (
        "-",
        "Disparue",
        editor,
    )

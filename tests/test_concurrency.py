"""Data that is never lost: concurrent admin saves are refused with what changed, and records
still in use cannot be deleted, one at a time or in bulk."""

import pytest
from django.urls import reverse

from members.models import MembershipType, Organisation, ResearchTopic
from publications.models import Publication
from tests.admin_forms import change_form_data
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client, editor):
    from django.test import Client

    other = Client()
    other.force_login(make_editor("second-editor"))
    client.force_login(editor)
    return client, other


def errors_of(response):
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def test_second_save_of_a_member_is_refused_and_lists_what_changed(two_editors):
    first, second = two_editors
    member = MemberFactory(given_name="Ada", bio_fr="Version d'origine.")
    url = reverse("admin:members_member_change", args=[member.pk])
    first_form, second_form = change_form_data(first.get(url)), change_form_data(second.get(url))

    assert first.post(url, first_form | {"bio_fr": "Version du premier."}).status_code == 302
    refused = second.post(url, second_form | {"position_title_fr": "Directrice fictive"})

    assert refused.status_code == 200
    message = errors_of(refused)
    assert "editor" in message
    assert "Version d'origine." in message and "Version du premier." in message
    member.refresh_from_db()
    assert member.bio_fr == "Version du premier."
    assert member.position_title_fr != "Directrice fictive"

    # Saving again, knowing what changed, keeps the second version.
    again = change_form_data(refused)
    assert second.post(url, again).status_code == 302
    member.refresh_from_db()
    assert member.position_title_fr == "Directrice fictive"


def test_second_save_of_a_publication_is_refused(two_editors):
    first, second = two_editors
    publication = PublicationFactory(title="Titre d'origine", authors=["Zoë Exemple"])
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    first_form, second_form = change_form_data(first.get(url)), change_form_data(second.get(url))

    assert first.post(url, first_form | {"title": "Titre corrigé"}).status_code == 302
    refused = second.post(url, second_form | {"venue": "Autre conférence"})

    assert refused.status_code == 200
    assert "Titre corrigé" in errors_of(refused)
    publication.refresh_from_db()
    assert (publication.title, publication.venue) == ("Titre corrigé", "Conférence fictive")


def test_a_save_without_concurrent_change_goes_through(client, editor):
    member = MemberFactory()
    client.force_login(editor)
    url = reverse("admin:members_member_change", args=[member.pk])
    data = change_form_data(client.get(url)) | {"bio_fr": "Seule modification."}
    assert client.post(url, data).status_code == 302
    data = change_form_data(client.get(url)) | {"bio_fr": "Deuxième modification."}
    assert client.post(url, data).status_code == 302


def in_use():
    topic = ResearchTopicFactory()
    member = MemberFactory(research_topics=[topic])
    return {
        ResearchTopic: topic,
        MembershipType: member.membership_type,
        Organisation: member.organisation,
    }


@pytest.mark.parametrize(
    "model", [ResearchTopic, MembershipType, Organisation], ids=lambda m: m.__name__
)
def test_deleting_a_record_in_use_is_refused_with_an_explanation(client, editor, model):
    record = in_use()[model]
    client.force_login(editor)
    url = reverse(f"admin:members_{model._meta.model_name}_delete", args=[record.pk])
    page = client.get(url)
    assert page.context["protected"]
    assert "Prénom" in page.text  # the member that still uses it is named
    client.post(url, {"post": "yes"})
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    "model", [ResearchTopic, MembershipType, Organisation], ids=lambda m: m.__name__
)
def test_bulk_deleting_records_in_use_is_refused(client, editor, model):
    record = in_use()[model]
    client.force_login(editor)
    url = reverse(f"admin:members_{model._meta.model_name}_changelist")
    selection = {"action": "delete_selected", "_selected_action": [record.pk]}
    page = client.post(url, selection)
    assert page.context["protected"]
    assert "Prénom" in page.text
    client.post(url, selection | {"post": "yes"})
    assert model.objects.filter(pk=record.pk).exists()


def test_an_unused_topic_can_be_deleted(client, editor):
    topic = ResearchTopicFactory()
    client.force_login(editor)
    client.post(reverse("admin:members_researchtopic_delete", args=[topic.pk]), {"post": "yes"})
    assert not ResearchTopic.objects.filter(pk=topic.pk).exists()


def test_deleting_a_member_keeps_their_publications(client, editor):
    member = MemberFactory(given_name="Ada", family_name="Fictive")
    publication = PublicationFactory(authors=[member, "Autre Personne"])
    client.force_login(editor)
    client.post(reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"})
    publication = Publication.objects.get(pk=publication.pk)
    assert [(a.name, a.member) for a in publication.authorships.all()] == [
        ("Ada Fictive", None),
        ("Autre Personne", None),
    ]

"""Accounts, round two: who may revert a record from its history, and what a revert may touch."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from members.models import Member, ResearchTopic
from publications.models import Authorship, Publication
from tests.admin_forms import _put
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def history_form_data(response) -> dict:
    """What the history page of one version in `response` posts when its Revert is pressed."""
    data = {}
    for bound_field in response.context["adminform"].form:
        _put(data, bound_field)
    return data


def version_url(obj, version) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version]
    )


@pytest.fixture
def reader():
    """A member of staff who may read the directory's records, and change none of them."""
    user = UserFactory(username="reader", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["members", "publications"], codename__startswith="view_"
        )
    )
    return user


def member_with_an_old_biography():
    member = MemberFactory(bio_fr="Ancienne biographie.")
    member.bio_fr = "Biographie actuelle."
    member.save()
    return member, "bio_fr", "Ancienne biographie.", "Biographie actuelle."


def topic_with_an_old_name():
    topic = ResearchTopicFactory(name_fr="Ancien nom")
    topic.name_fr = "Nom actuel"
    topic.save()
    return topic, "name_fr", "Ancien nom", "Nom actuel"


def publication_with_an_old_title():
    publication = PublicationFactory(title="Ancien titre")
    publication.title = "Titre actuel"
    publication.save()
    return publication, "title", "Ancien titre", "Titre actuel"


def authorship_with_an_old_name():
    authorship = Authorship.objects.create(
        publication=PublicationFactory(), position=1, name="Ancien nom d’auteur"
    )
    authorship.name = "Nom d’auteur actuel"
    authorship.save()
    return authorship, "name", "Ancien nom d’auteur", "Nom d’auteur actuel"


RECORDS_WITH_HISTORY = [
    member_with_an_old_biography,
    topic_with_an_old_name,
    publication_with_an_old_title,
    authorship_with_an_old_name,
]


# --- 1. Reverting needs the right to change the record ---------------------------------------


@pytest.mark.parametrize("make_record", RECORDS_WITH_HISTORY)
def test_staff_who_may_only_view_a_record_cannot_revert_it(client, reader, make_record):
    record, field, old, current = make_record()
    oldest = record.history.earliest("history_date")
    client.force_login(reader)

    page = client.get(version_url(record, oldest.history_id))
    assert page.status_code == 200  # Reading the old version stays allowed.
    assert page.context["revert_disabled"]
    response = client.post(version_url(record, oldest.history_id), history_form_data(page))

    assert response.status_code == 403
    record.refresh_from_db()
    assert getattr(record, field) == current
    assert record.history.count() == 2


@pytest.mark.parametrize("make_record", RECORDS_WITH_HISTORY)
def test_an_editor_reverts_a_record_to_an_earlier_version(client, editor, make_record):
    record, field, old, current = make_record()
    oldest = record.history.earliest("history_date")
    client.force_login(editor)

    page = client.get(version_url(record, oldest.history_id))
    assert not page.context["revert_disabled"]
    response = client.post(version_url(record, oldest.history_id), history_form_data(page))

    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == old
    assert record.history.first().history_user == editor


def test_a_view_only_post_does_not_create_a_deleted_member_again(client, reader):
    member, *_ = member_with_an_old_biography()
    pk, url = member.pk, version_url(member, member.history.earliest("history_date").history_id)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(url)
    member.delete()
    client.force_login(reader)

    response = client.post(url, history_form_data(page))

    assert response.status_code == 403
    assert not Member.objects.filter(pk=pk).exists()


# --- 2. A revert leaves alone what the user may not edit -------------------------------------


def test_an_editors_revert_keeps_the_members_current_account(client, editor):
    old_account, current_account = UserFactory(username="ancien"), UserFactory(username="actuel")
    member = MemberFactory(bio_fr="Ancienne biographie.", user=old_account)
    member.bio_fr, member.user = "Biographie actuelle.", current_account
    member.save()
    oldest = member.history.earliest("history_date")
    assert oldest.user_id == old_account.pk
    client.force_login(editor)

    page = client.get(version_url(member, oldest.history_id))
    # The page shows what the revert will keep: the current account, not the old one.
    assert page.context["adminform"].form.instance.user == current_account
    response = client.post(version_url(member, oldest.history_id), history_form_data(page))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio_fr == "Ancienne biographie."
    assert member.user == current_account
    old_account.refresh_from_db()
    assert not Member.objects.filter(user=old_account).exists()


def test_a_superuser_may_revert_the_account_too(client):
    old_account, current_account = UserFactory(username="ancien"), UserFactory(username="actuel")
    member = MemberFactory(bio_fr="Ancienne biographie.", user=old_account)
    member.bio_fr, member.user = "Biographie actuelle.", current_account
    member.save()
    oldest = member.history.earliest("history_date")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    page = client.get(version_url(member, oldest.history_id))
    response = client.post(version_url(member, oldest.history_id), history_form_data(page))

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.bio_fr, member.user) == ("Ancienne biographie.", old_account)


def test_every_history_keeping_admin_guards_its_reverts():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from members.history_admin import GuardedHistoryAdmin

    keeping_history = [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert set(keeping_history) >= {Member, ResearchTopic, Publication, Authorship}
    for model in keeping_history:
        assert isinstance(admin.site._registry[model], GuardedHistoryAdmin), model


def test_an_editor_restoring_a_deleted_member_does_not_restore_their_account(client, editor):
    account = UserFactory(username="ancienne")
    member = MemberFactory(given_name="Disparue", user=account)
    pk, url = member.pk, version_url(member, member.history.get().history_id)
    member.delete()
    client.force_login(editor)

    page = client.get(url)
    response = client.post(url, history_form_data(page))

    assert response.status_code == 302
    restored = Member.objects.get(pk=pk)
    assert (restored.given_name, restored.user) == ("Disparue", None)

"""Accounts, round two: who may revert a record from its history and what a revert may touch;
whose address a failed sign-in locks, and for how long."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Member, ResearchTopic
from publications.models import Authorship, Publication
from tests.admin_forms import _put
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


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

    from core.history_admin import GuardedHistoryAdmin

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


# --- 3. The sign-in lock is per visitor, and lifts by itself ---------------------------------

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


@pytest.fixture
def root():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def sign_in(client, url, password, *, forwarded_for=None, remote_addr=PROXY):
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    return client.post(
        url, {"username": "root", "password": password}, headers=headers, REMOTE_ADDR=remote_addr
    )


def fail_five_times(client, url="/fr/connexion/", **address):
    for _ in range(5):
        sign_in(client, url, "mauvais mot de passe", **address)


@pytest.mark.parametrize("url", ["/fr/connexion/", "/admin/login/?next=/admin/"])
def test_behind_the_proxy_failures_lock_the_visitors_address_only(client, root, settings, url):
    settings.TRUSTED_PROXY_COUNT = 1
    # Failures on the public sign-in lock the admin's too: both see the same address.
    fail_five_times(client, forwarded_for="203.0.113.5")

    locked = sign_in(Client(), url, PASSWORD, forwarded_for="203.0.113.5")
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.wsgi_request.session

    elsewhere = sign_in(Client(), url, PASSWORD, forwarded_for="198.51.100.7")
    assert elsewhere.status_code == 302
    assert elsewhere.wsgi_request.user == root
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("root", "203.0.113.5")


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, root, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    fail_five_times(client, forwarded_for="203.0.113.5")

    # A visitor writing their own header does not escape the lock of their address.
    response = sign_in(Client(), "/admin/login/", PASSWORD, forwarded_for="198.51.100.7")

    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == PROXY


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", PROXY),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.7, 203.0.113.5", "198.51.100.7"),
        (2, " 2001:db8::7 ,203.0.113.5", "2001:db8::7"),
        # Fewer addresses than proxies: the header is not the proxies', keep the peer.
        (2, "203.0.113.5", PROXY),
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_the_client_address_is_counted_from_the_right(settings, rf, count, forwarded_for, expected):
    from core.client_address import client_ip_address

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", headers={"x-forwarded-for": forwarded_for}, REMOTE_ADDR=PROXY)

    assert client_ip_address(request) == expected


def test_a_lock_is_lifted_after_the_cool_off(client, root, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    fail_five_times(client)
    assert sign_in(client, "/admin/login/", PASSWORD).status_code == 429
    locked = sign_in(client, "/fr/connexion/", PASSWORD, remote_addr=PROXY)
    assert "15 minutes" in locked.text

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(Client(), "/admin/login/", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(Client(), "/admin/login/", PASSWORD).status_code == 302


def test_the_cool_off_comes_from_the_environment():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"AXES_COOLOFF_MINUTES", "TRUSTED_PROXY_COUNT"}
    }
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'directory.settings'; "
        "from django.conf import settings; "
        "print(settings.AXES_COOLOFF_TIME, settings.TRUSTED_PROXY_COUNT)"
    )

    def read(**variables):
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, **variables},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert read() == "0:15:00 0"
    assert read(AXES_COOLOFF_MINUTES="60", TRUSTED_PROXY_COUNT="2") == "1:00:00 2"

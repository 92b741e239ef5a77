"""Accounts: editors edit content and nothing else; members edit their own profile and no other."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from members.models import Member
from tests.admin_forms import change_form_data
from tests.factories import MemberFactory, ResearchTopicFactory, UserFactory
from tests.test_uploads import jpeg

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member_account(db):
    user = UserFactory(username="ada")
    member = MemberFactory(given_name="Ada", family_name="Fictive", user=user)
    return member


# --- Editors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/permission/",
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        "/admin/axes/accessattempt/",
    ],
)
def test_editor_cannot_open_account_pages(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code in {403, 404}


def test_editor_cannot_reach_their_own_account_or_password(client, editor):
    client.force_login(editor)
    assert client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"password1": "n3w-Pass-phrase!", "password2": "n3w-Pass-phrase!"},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_editor_cannot_add_themselves_to_a_group_or_grant_permissions(client, editor):
    admins = Group.objects.create(name="Administrators")
    client.force_login(editor)
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {
            "username": editor.username,
            "is_staff": "on",
            "is_active": "on",
            "groups": [admins.pk],
            "user_permissions": everything,
        },
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/auth/group/{Group.objects.get(name='Directory editors').pk}/change/",
        {"name": "Directory editors", "permissions": everything},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert list(editor.groups.values_list("name", flat=True)) == ["Directory editors"]
    assert not editor.user_permissions.exists()
    assert not editor.has_perm("auth.change_user")
    assert (
        not Group.objects.get(name="Directory editors")
        .permissions.filter(content_type__app_label="auth")
        .exists()
    )


def test_editor_cannot_link_an_account_to_a_member(client, editor):
    member = MemberFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert "user" not in page.context["adminform"].form.fields
    data = change_form_data(page) | {"user": editor.pk}
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user is None


def test_superuser_links_an_account_to_a_member(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    account = UserFactory(username="ada")
    member = MemberFactory()
    client.force_login(admin)
    page = client.get(reverse("admin:members_member_change", args=[member.pk]))
    data = change_form_data(page) | {"user": account.pk}
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user == account


# --- Members' own profile -----------------------------------------------------------------------


def test_sign_in_page_is_styled_like_the_site_and_leads_to_the_profile(client, member_account):
    url = reverse("members:login")
    assert url == "/fr/connexion/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'class="site-header"' in page.text
    response = client.post(url, {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/fr/mon-profil/"
    profile = client.get(response.url)
    assert profile.status_code == 200
    assert "Ada Fictive" in profile.text


def test_english_addresses():
    with translation.override("en"):
        assert reverse("members:login") == "/en/sign-in/"
        assert reverse("members:account") == "/en/my-profile/"


def test_wrong_password_is_refused(client, member_account):
    response = client.post(reverse("members:login"), {"username": "ada", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_profile_page_needs_an_account(client):
    response = client.get(reverse("members:account"))
    assert response.status_code == 302
    assert response.url.startswith("/fr/connexion/?next=")


def test_member_edits_their_own_profile(client, member_account):
    topics = [ResearchTopicFactory(), ResearchTopicFactory()]
    other = MemberFactory(bio_fr="Intacte.")
    client.force_login(member_account.user)
    response = client.post(
        reverse("members:account"),
        {
            "bio_fr": "Nouvelle biographie.",
            "bio_en": "New biography.",
            "website": "https://example.org/ada",
            "email": "ada@example.org",
            "orcid": "0000-0002-1825-0097",
            "github_username": "ada-fictive",
            "research_topics": [topic.pk for topic in topics],
            # Not on the form: a member cannot rename themselves or reach another profile.
            "given_name": "Mallory",
            "is_published": "",
            "pk": other.pk,
        },
    )
    assert response.status_code == 302
    member_account.refresh_from_db()
    assert member_account.bio_fr == "Nouvelle biographie."
    assert member_account.bio_en == "New biography."
    assert member_account.github_username == "ada-fictive"
    assert member_account.given_name == "Ada"
    assert member_account.is_published
    assert set(member_account.research_topics.all()) == set(topics)
    other.refresh_from_db()
    assert other.bio_fr == "Intacte."
    saved = client.get(response.url)
    assert "Nouvelle biographie." in saved.text


def test_account_without_a_profile_edits_nothing(client):
    MemberFactory(bio_fr="Intacte.")
    client.force_login(UserFactory(username="visitor"))
    response = client.post(reverse("members:account"), {"bio_fr": "Piraté."})
    assert response.status_code == 403
    assert not Member.objects.filter(bio_fr="Piraté.").exists()


def test_member_uploads_a_portrait_and_a_bad_one_keeps_it(
    client, member_account, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member_account.user)
    assert client.post(reverse("members:account"), {"portrait": jpeg()}).status_code == 302
    member_account.refresh_from_db()
    kept = member_account.portrait.name
    assert kept.startswith("portraits/") and member_account.portrait_small
    hostile = SimpleUploadedFile("x.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    response = client.post(reverse("members:account"), {"portrait": hostile})
    assert response.status_code == 200
    assert response.context["form"].errors["portrait"]
    member_account.refresh_from_db()
    assert member_account.portrait.name == kept


def test_sign_out_is_a_post(client, member_account):
    client.force_login(member_account.user)
    assert client.get(reverse("members:logout")).status_code == 405
    response = client.post(reverse("members:logout"))
    assert response.status_code == 302
    assert client.get(reverse("members:account")).status_code == 302


def test_profile_page_is_never_cached(client, member_account):
    client.force_login(member_account.user)
    response = client.get(reverse("members:account"))
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]

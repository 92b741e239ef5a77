"""The admin as a "Directory editors" member of staff uses it: through its forms, not the ORM."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Authorship, Publication
from tests.factories import (
    MemberFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [Member, ResearchTopic, MembershipType, Organisation, Publication, Authorship]


@pytest.fixture
def content(db):
    topic = ResearchTopicFactory()
    member = MemberFactory(research_topics=[topic])
    publication = PublicationFactory(authors=[member, "Auteur Externe"])
    publication.topics.add(topic)
    return {
        Member: member,
        ResearchTopic: topic,
        MembershipType: member.membership_type,
        Organisation: member.organisation,
        Publication: publication,
        Authorship: publication.authorships.first(),
    }


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_editor_opens_every_changelist_and_change_form(client, editor, content, model):
    client.force_login(editor)
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert str(content[model]) in changelist.text
    assert client.get(admin_url(model, "change", content[model].pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


def test_changelist_search_ignores_accents(client, editor):
    MemberFactory(given_name="João", family_name="Exemplo")
    MemberFactory(given_name="Jean", family_name="Autre")
    client.force_login(editor)
    response = client.get(admin_url(Member, "changelist"), {"q": "joao"})
    assert "Exemplo" in response.text
    assert "Autre" not in response.text


@pytest.mark.parametrize("model", ["user", "group"])
def test_editor_cannot_manage_accounts(client, editor, model):
    client.force_login(editor)
    assert client.get(f"/admin/auth/{model}/").status_code == 403
    assert client.get(f"/admin/auth/{model}/add/").status_code == 403
    assert not editor.has_perm(f"auth.change_{model}")
    assert not editor.has_perm("auth.change_permission")


def test_editor_cannot_give_themselves_more_rights(client, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/auth/user/{editor.pk}/change/",
        {"username": editor.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_visitor_without_staff_rights_is_sent_to_the_login_page(client):
    client.force_login(UserFactory(username="reader"))
    response = client.get(admin_url(Member, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_editor_adds_a_member_with_topics(client, editor):
    kind = MembershipTypeFactory()
    organisation = OrganisationFactory(name="Université fictive")
    topics = [ResearchTopicFactory(), ResearchTopicFactory()]
    client.force_login(editor)
    response = client.post(
        admin_url(Member, "add"),
        {
            "given_name": "Siobhán",
            "family_name": "Ó Samplach",
            "slug": "",
            "is_published": "on",
            "membership_type": kind.pk,
            "position_title_fr": "Professeure agrégée",
            "position_title_en": "Associate professor",
            "organisation": organisation.pk,
            "research_topics": [topic.pk for topic in topics],
            "bio_fr": "Profil fictif.",
            "bio_en": "Fictional profile.",
            "orcid": "0000-0002-1825-0097",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    member = Member.objects.get(slug="siobhan-o-samplach")
    assert member.position_title_fr == "Professeure agrégée"
    assert member.position_title_en == "Associate professor"
    assert set(member.research_topics.all()) == set(topics)


def test_admin_explains_a_wrong_orcid_checksum(client, editor):
    kind = MembershipTypeFactory()
    client.force_login(editor)
    response = client.post(
        admin_url(Member, "add"),
        {
            "given_name": "Mei",
            "family_name": "Exemple",
            "membership_type": kind.pk,
            "orcid": "0000-0002-1825-0098",
        },
    )
    assert response.status_code == 200
    assert "orcid" in response.context["adminform"].form.errors
    assert not Member.objects.exists()


def test_editor_adds_a_publication_with_three_ordered_authors(client, editor):
    member = MemberFactory(given_name="Kwame", family_name="Démo")
    topic = ResearchTopicFactory()
    client.force_login(editor)
    authors = {
        "authorships-TOTAL_FORMS": "3",
        "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
        # No release yet: the versions inline is posted empty.
        "releases-TOTAL_FORMS": "0",
        "releases-INITIAL_FORMS": "0",
    }
    for index, (position, name, author) in enumerate(
        [(1, "Zoë Exemple", ""), (2, "Kwame Démo", member.pk), (3, "Haruto Fictif", "")]
    ):
        authors |= {
            f"authorships-{index}-position": position,
            f"authorships-{index}-name": name,
            f"authorships-{index}-member": author,
        }
    response = client.post(
        admin_url(Publication, "add"),
        {
            "title": "Une publication fictive ajoutée par l'admin",
            "kind": "article",
            "is_published": "on",
            "authors_complete": "on",
            "year": "2024",
            "doi": "https://doi.org/10.9999/FICTIF.2024",
            "topics": [topic.pk],
            **authors,
        },
    )
    assert response.status_code == 302, response.context["errors"]
    publication = Publication.objects.get()
    assert publication.doi == "10.9999/fictif.2024"
    assert [(a.position, a.name, a.member) for a in publication.authorships.all()] == [
        (1, "Zoë Exemple", None),
        (2, "Kwame Démo", member),
        (3, "Haruto Fictif", None),
    ]


def test_admin_refuses_to_delete_a_topic_in_use(client, editor):
    topic = ResearchTopicFactory(name_fr="Robotique fictive")
    MemberFactory(research_topics=[topic])
    client.force_login(editor)
    url = admin_url(ResearchTopic, "delete", topic.pk)
    page = client.get(url)
    assert page.context["protected"]
    client.post(url, {"post": "yes"})
    assert ResearchTopic.objects.filter(pk=topic.pk).exists()


def test_bulk_unpublish_and_publish(client, editor):
    members = [MemberFactory(), MemberFactory()]
    client.force_login(editor)
    selection = {"_selected_action": [m.pk for m in members]}
    client.post(admin_url(Member, "changelist"), {"action": "unpublish", **selection})
    assert not Member.objects.filter(is_published=True).exists()
    client.post(admin_url(Member, "changelist"), {"action": "publish", **selection})
    assert Member.objects.filter(is_published=True).count() == 2


def test_view_on_site_shows_an_unpublished_profile_to_staff(client, editor):
    draft = MemberFactory(is_published=False)
    client.force_login(editor)
    response = client.get(admin_url(Member, "change", draft.pk))
    link = f"/admin/r/{response.context['content_type_id']}/{draft.pk}/"
    assert link in response.text
    target = client.get(link)
    assert target.status_code == 302
    assert client.get(target.url).status_code == 200
    client.logout()
    assert client.get(target.url).status_code == 404


def test_editors_group_has_content_permissions_only():
    group = Group.objects.get(name="Directory editors")
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"members", "publications"}
    assert group.permissions.filter(codename="delete_member").exists()
    assert not group.permissions.filter(codename__startswith="add_historical").exists()


@pytest.mark.parametrize("language, expected", [("fr", "Ajouter"), ("en", "Add")])
def test_admin_speaks_french_and_english(client, editor, language, expected):
    client.force_login(editor)
    response = client.get(admin_url(Member, "changelist"), headers={"accept-language": language})
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
    assert expected in response.text

"""The member and topic pages of the admin at 100,000 members: filters that list their choices
without counting, topic counts per listed topic, and a fixed number of queries."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.admin import DropDownFilter
from core.pagination import AdminPaginator
from members.admin import MemberAdmin
from members.models import Member
from tests.factories import MemberFactory, OrganisationFactory, ResearchTopicFactory, make_editor
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

MEMBERS = reverse("admin:members_member_changelist")
TOPICS = reverse("admin:members_researchtopic_changelist")


@pytest.fixture
def staff_client(client):
    client.force_login(make_editor())
    return client


def test_topic_list_counts_every_member_of_each_topic(staff_client):
    topic = ResearchTopicFactory(name_fr="Continu")
    ResearchTopicFactory(name_fr="Vide")
    MemberFactory(research_topics=[topic])
    MemberFactory(research_topics=[topic], is_published=False)

    rows = {t.name: t.member_count for t in staff_client.get(TOPICS).context["cl"].result_list}

    assert rows == {"Continu": 2, "Vide": 0}
    ordered = staff_client.get(TOPICS, {"o": "-3"}).context["cl"].result_list
    assert [t.name for t in ordered] == ["Continu", "Vide"]


def test_member_filters_offer_no_counts(staff_client):
    MemberFactory(research_topics=[ResearchTopicFactory()])

    response = staff_client.get(MEMBERS, {"_facets": "True"})

    assert response.status_code == 200
    assert not response.context["cl"].add_facets


@pytest.mark.parametrize("records", [1, 30])
@pytest.mark.parametrize(
    "url, params",
    [
        (MEMBERS, {}),
        (MEMBERS, {"q": "fictif"}),
        (MEMBERS, {"research_topics__id__exact": "1"}),
        (MEMBERS, {"is_published__exact": "0"}),
        (TOPICS, {}),
        (TOPICS, {"q": "sujet"}),
    ],
)
def test_member_admin_lists_run_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries, records, url, params
):
    populate(records)

    with django_assert_max_num_queries(14):
        assert staff_client.get(url, params).status_code == 200


@pytest.mark.parametrize("records", [1, 30])
def test_member_form_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries, records
):
    site = populate(records)
    change = reverse("admin:members_member_change", args=[site.member.pk])

    with django_assert_max_num_queries(16):
        assert staff_client.get(change).status_code == 200


def test_the_topic_filter_is_one_drop_down_that_keeps_the_other_filters(staff_client):
    import re

    continual = ResearchTopicFactory(name_fr="Apprentissage continu")
    other = ResearchTopicFactory(name_fr="Optimisation")
    MemberFactory(given_name="Ada", family_name="Continual", research_topics=[continual])
    MemberFactory(given_name="Bea", family_name="Other", research_topics=[other])

    html = staff_client.get(MEMBERS, {"is_published__exact": "1"}).text

    form = re.search(r'<form method="get" class="dropdown-filter">.*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="is_published__exact" value="1">' in form
    assert f'<option value="{continual.pk}">Apprentissage continu</option>' in form
    assert 'id="filter-research_topics__id__exact" name="research_topics__id__exact"' in form
    assert 'for="filter-research_topics__id__exact"' in form
    # What the form sends: the members of the chosen topic, and the choice shown as chosen.
    response = staff_client.get(
        MEMBERS, {"is_published__exact": "1", "research_topics__id__exact": str(continual.pk)}
    )
    assert "Ada Continual" in response.text and "Bea Other" not in response.text
    chosen = f'<option value="{continual.pk}" selected>Apprentissage continu</option>'
    assert chosen in response.text
    # Each row's selection box, as Django's own widget wrote it.
    assert re.search(
        r'<input type="checkbox" name="_selected_action" value="\d+" class="action-select" '
        r'aria-label="Choisir cet objet pour une action - Ada Continual">',
        response.text,
    )


def test_a_filtered_lists_rows_link_to_their_forms_with_the_lists_filters(staff_client):
    # What Django's own row links carry, so that saving a form leads back to the same list.
    member = MemberFactory(given_name="Ada", family_name="Abara")
    MemberFactory(given_name="Bob", family_name="Bélair")
    change = reverse("admin:members_member_change", args=[member.pk])
    opts = member._meta

    listed = staff_client.get(MEMBERS, {"q": "abara", "o": "2"}).text
    djangos = add_preserved_filters(
        {"preserved_filters": "_changelist_filters=q%3Dabara%26o%3D2", "opts": opts}, change
    )

    assert djangos == f"{change}?_changelist_filters=q%3Dabara%26o%3D2"
    assert f'href="{djangos}"' in listed
    assert f'href="{change}"' in staff_client.get(MEMBERS).text


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("related", ["research_topics", "organisation"])
def test_the_drop_downs_name_each_record_as_django_would(staff_client, language, related):
    ResearchTopicFactory(name_fr="Vision", name_en="Computer vision")
    ResearchTopicFactory(name_fr="Apprentissage", name_en="")  # no English name yet
    MemberFactory(organisation=OrganisationFactory(name="Université de Montréal"))
    field = Member._meta.get_field(related)
    model_admin = admin.site._registry[Member]

    with translation.override(language):
        response = staff_client.get(MEMBERS, HTTP_ACCEPT_LANGUAGE=language)
        specs = response.context["cl"].filter_specs
        [spec] = [f for f in specs if getattr(f, "field_path", None) == field.name]
        ours = spec.lookup_choices
        djangos = admin.RelatedFieldListFilter.field_choices(
            spec, field, response.wsgi_request, model_admin
        )
        listed = response.text

    assert isinstance(spec, DropDownFilter)
    assert ours and ours == djangos
    for _pk, name in ours:
        assert f">{name}</option>" in listed


def test_a_drop_down_of_records_without_a_name_lists_them_as_django_does(staff_client):
    # Accounts have no `name`: their str() is the username, which only Django's way reads.
    make_editor(username="editrice")
    ResearchTopicFactory.create_batch(2)  # so that the topics' drop-down is shown
    field = Member._meta.get_field("user")
    model_admin = admin.site._registry[Member]
    response = staff_client.get(MEMBERS)
    [spec] = [f for f in response.context["cl"].filter_specs if isinstance(f, DropDownFilter)][:1]

    ours = DropDownFilter.field_choices(spec, field, response.wsgi_request, model_admin)
    djangos = admin.RelatedFieldListFilter.field_choices(
        spec, field, response.wsgi_request, model_admin
    )

    assert "editrice" in [name for _pk, name in ours]
    assert ours == djangos


@pytest.mark.parametrize("sorted_up_to", [5_000, 2])
def test_a_name_search_lists_its_matches_by_name_either_way(
    staff_client, monkeypatch, sorted_up_to
):
    # A few matches are sorted once found, many by walking the name index: the same pages.
    monkeypatch.setattr(AdminPaginator, "sorted_up_to", sorted_up_to)
    monkeypatch.setattr(MemberAdmin, "list_per_page", 2)
    for given in ("Zoé", "Amina", "Kofi"):
        MemberFactory(given_name=given, family_name="Mwangi")
    MemberFactory(given_name="Bea", family_name="Abara")
    MemberFactory(given_name="Zed", family_name="Zulu")
    # The name column's index in the list, after the selection boxes.
    name = MemberAdmin.list_display.index("full_name") + 1

    def listed(**params):
        with CaptureQueriesContext(connection) as queries:
            rows = staff_client.get(MEMBERS, {"q": "mwangi", **params}).context["cl"].result_list
            names = [str(member) for member in rows]
        return names, " ".join(query["sql"] for query in queries)

    ascending, sql = listed()
    descending, _ = listed(o=f"-{name}")

    assert ascending == ["Amina Mwangi", "Kofi Mwangi"]
    assert descending == ["Zoé Mwangi", "Kofi Mwangi"]
    assert listed(p=2)[0] == ["Zoé Mwangi"]
    if connection.vendor == "postgresql":
        assert ('COALESCE("members_member"."sort_name")' in sql) == (sorted_up_to > 3)


@pytest.mark.parametrize("sorted_up_to", [5_000, 2])
def test_the_member_autocomplete_lists_its_matches_by_name_either_way(
    staff_client, monkeypatch, sorted_up_to
):
    # An authorship's member chosen by typing a name: the same search, sorted the same way.
    monkeypatch.setattr(AdminPaginator, "sorted_up_to", sorted_up_to)
    for given in ("Zoé", "Amina", "Kofi"):
        MemberFactory(given_name=given, family_name="Mwangi")
    MemberFactory(given_name="Bea", family_name="Abara")
    params = {
        "app_label": "publications",
        "model_name": "authorship",
        "field_name": "member",
        "term": "mwangi",
    }

    with CaptureQueriesContext(connection) as queries:
        found = staff_client.get(reverse("admin:autocomplete"), params).json()["results"]
    sql = " ".join(query["sql"] for query in queries)

    assert [result["text"] for result in found] == ["Amina Mwangi", "Kofi Mwangi", "Zoé Mwangi"]
    if connection.vendor == "postgresql":
        assert ('COALESCE("members_member"."sort_name")' in sql) == (sorted_up_to > 3)

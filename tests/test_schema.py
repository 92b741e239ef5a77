"""The schema lives in model state: every index the models declare is in the database as it
was chosen, and the search document is computed by the database whatever writes the row."""

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from members import counts, topic_ids
from publications import entries
from publications.models import Publication
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="these indexes and the document are PostgreSQL's"
)

PUBLIC = "WHERE (is_published AND ((review_status)::text = 'approved'::text))"
# As pg_indexes shows the indexes that migrations once made by SQL (EXPLAIN ANALYZE chose them).
EXPECTED = {
    "member_public_sort_idx": (
        "ON public.members_member USING btree (sort_name, id) WHERE is_published"
    ),
    "member_public_type_sort_idx": (
        "ON public.members_member USING btree (membership_type_id, sort_name, id) "
        "WHERE is_published"
    ),
    "member_public_sort_key_idx": (
        "ON public.members_member USING btree (id) INCLUDE (sort_name) WHERE is_published"
    ),
    "member_search_name_trgm_idx": "ON public.members_member USING gin (search_name gin_trgm_ops)",
    # The admin's list of every member, and author matching by the start of a name.
    "member_sort_idx": "ON public.members_member USING btree (sort_name, id)",
    "member_sort_name_prefix_idx": (
        "ON public.members_member USING btree (sort_name varchar_pattern_ops)"
    ),
    # The published profiles missing a translation, which the admin counts.
    "member_public_no_bio_fr_idx": (
        "ON public.members_member USING btree (id) "
        "WHERE (is_published AND ((bio_fr IS NULL) OR (bio_fr = ''::text)))"
    ),
    "member_public_no_bio_en_idx": (
        "ON public.members_member USING btree (id) "
        "WHERE (is_published AND ((bio_en IS NULL) OR (bio_en = ''::text)))"
    ),
    "member_public_no_position_title_fr_idx": (
        "ON public.members_member USING btree (id) WHERE (is_published AND "
        "((position_title_fr IS NULL) OR ((position_title_fr)::text = ''::text)))"
    ),
    "member_public_no_position_title_en_idx": (
        "ON public.members_member USING btree (id) WHERE (is_published AND "
        "((position_title_en IS NULL) OR ((position_title_en)::text = ''::text)))"
    ),
    "member_topics_topic_member_idx": (
        "ON public.members_member_research_topics USING btree (researchtopic_id, member_id)"
    ),
    "publication_public_newest_idx": (
        "ON public.publications_publication USING btree "
        f"(year DESC NULLS LAST, publication_date DESC NULLS LAST, title, id) {PUBLIC}"
    ),
    "publication_year_idx": "ON public.publications_publication USING btree (year DESC NULLS LAST)",
    "publication_public_sort_key_idx": (
        "ON public.publications_publication USING btree (id) "
        f"INCLUDE (year, publication_date, title) {PUBLIC}"
    ),
    "publication_search_document_idx": (
        "ON public.publications_publication USING gin (search_document)"
    ),
    "publication_topics_topic_publication_idx": (
        "ON public.publications_publication_topics USING btree (researchtopic_id, publication_id)"
    ),
    "suggestion_open_idx": (
        "ON public.publications_suggestedchange USING btree (id DESC) "
        "WHERE ((status)::text = 'open'::text)"
    ),
    "authorship_profile_idx": (
        "ON public.publications_authorship USING btree (member_id, publication_id) "
        "INCLUDE (featured) WHERE (NOT hidden_from_profile)"
    ),
    # Harvests and matching look members up by their identifiers.
    "member_dblp_pid_idx": (
        "ON public.members_member USING btree (dblp_pid) WHERE (NOT ((dblp_pid)::text = ''::text))"
    ),
    "member_openalex_id_idx": (
        "ON public.members_member USING btree (openalex_id) "
        "WHERE (NOT ((openalex_id)::text = ''::text))"
    ),
    # The admin's review list and its boolean filters: a few rows among millions.
    "publication_under_review_idx": (
        "ON public.publications_publication USING btree (review_status, id) "
        "WHERE (NOT ((review_status)::text = 'approved'::text))"
    ),
    "publication_unpublished_idx": (
        "ON public.publications_publication USING btree (id) WHERE (NOT is_published)"
    ),
    "authorship_featured_idx": "ON public.publications_authorship USING btree (id) WHERE featured",
    "authorship_hidden_idx": (
        "ON public.publications_authorship USING btree (id) WHERE hidden_from_profile"
    ),
    # A member's papers in the profile's order, from the entries the triggers keep.
    "profile_entry_member_order_idx": (
        "ON public.publications_profile_entry USING btree (member_id, public, featured DESC, "
        "year DESC NULLS LAST, publication_date DESC NULLS LAST, title, publication_id)"
    ),
    "profile_entry_member_newest_idx": (
        "ON public.publications_profile_entry USING btree (member_id, public, "
        "year DESC NULLS LAST, publication_date DESC NULLS LAST, title, publication_id)"
    ),
    "topic_entry_topic_newest_idx": (
        "ON public.publications_topic_entry USING btree (researchtopic_id, public, "
        "year DESC NULLS LAST, publication_date DESC NULLS LAST, title, publication_id)"
    ),
    # A member's harvests, newest first (the job list on the member's page in the admin).
    "harvestjob_member_idx": (
        "ON public.publications_harvestjob USING btree (member_id, queued_at DESC)"
    ),
    # The expert finder: the members who use a term, heaviest first.
    "expertiseterm_term_idx": (
        "ON public.publications_expertiseterm USING btree (term, weight DESC, member_id)"
    ),
}


# Built where PostgreSQL's ordered one cannot be (NULLS LAST): not on PostgreSQL.
ELSEWHERE = {"profile_entry_idx", "topic_entry_idx"}


def declared_indexes():
    return {
        index.name
        for model in apps.get_models()
        if model._meta.app_label in ("members", "publications")
        for index in model._meta.indexes
    }


def test_every_declared_index_has_its_expected_definition():
    assert declared_indexes() == set(EXPECTED) | ELSEWHERE


@on_postgresql
def test_each_declared_index_exists_as_chosen():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(EXPECTED)],
        )
        found = dict(cursor.fetchall())
    assert found == {name: f"CREATE INDEX {name} {on}" for name, on in EXPECTED.items()}


@on_postgresql
def test_the_topic_count_triggers_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        assert set(counts.TRIGGERS) | set(topic_ids.TRIGGERS) <= {
            row[0] for row in cursor.fetchall()
        }


def test_the_list_entry_triggers_exist():
    # On SQLite a migration that remakes the authorship or publication table drops them: it
    # must make them again (publications.entries.create_triggers).
    if connection.vendor == "postgresql":
        found = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        found = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(found)
        assert set(entries.TRIGGERS) <= {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's share of the indexes")
def test_sqlite_has_the_indexes_it_can_build_and_none_of_postgresql_only_ones():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        names = {row[0] for row in cursor.fetchall()}
    assert names & (set(EXPECTED) | ELSEWHERE) == {
        "profile_entry_idx",
        "topic_entry_idx",
        "member_public_sort_idx",
        "member_public_type_sort_idx",
        "member_sort_idx",
        "member_public_no_bio_fr_idx",
        "member_public_no_bio_en_idx",
        "member_public_no_position_title_fr_idx",
        "member_public_no_position_title_en_idx",
        "member_topics_topic_member_idx",
        "publication_topics_topic_publication_idx",
        "authorship_profile_idx",
        "member_dblp_pid_idx",
        "member_openalex_id_idx",
        "publication_under_review_idx",
        "publication_unpublished_idx",
        "authorship_featured_idx",
        "authorship_hidden_idx",
        "harvestjob_member_idx",
        "expertiseterm_term_idx",
        "suggestion_open_idx",
    }


def document_of(publication) -> str | None:
    return Publication.objects.values_list("search_document", flat=True).get(pk=publication.pk)


def found_by(word: str) -> list[str]:
    query = SearchQuery(word, config="french") | SearchQuery(word, config="english")
    return list(Publication.objects.filter(search_document=query).values_list("title", flat=True))


@on_postgresql
def test_the_database_fills_the_search_document_of_a_saved_publication():
    publication = PublicationFactory(
        title="Généralisation des réseaux", abstract="Sparse attention."
    )

    # Unaccented, stemmed, title weighing A and abstract B.
    assert "'generalis':1A" in document_of(publication)
    assert "'spars':7B,9B" in document_of(publication)
    assert found_by("generalisation") == ["Généralisation des réseaux"]

    publication.title = "Graphes causaux"
    publication.save()
    assert found_by("graphes") == ["Graphes causaux"]
    assert found_by("generalisation") == []


@on_postgresql
def test_the_database_fills_the_search_document_of_bulk_created_publications():
    Publication.objects.bulk_create(
        [
            Publication(title="Robustesse des graphes", slug="robustesse"),
            Publication(title="Kernel methods", slug="kernel", abstract="Mémoire récurrente."),
        ]
    )

    assert found_by("robustesse") == ["Robustesse des graphes"]
    assert found_by("memoire") == ["Kernel methods"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite leaves it empty")
def test_the_search_document_is_empty_on_sqlite():
    assert document_of(PublicationFactory(title="Graphes")) is None


def test_history_and_forms_leave_the_generated_document_alone():
    historical = {f.name for f in Publication.history.model._meta.fields}
    assert {"title", "abstract"} <= historical
    assert "search_document" not in historical
    assert not Publication._meta.get_field("search_document").editable


@pytest.mark.parametrize(
    ("factory", "field"),
    [(MemberFactory, "research_topics"), (PublicationFactory, "topics")],
)
def test_the_admin_edits_topics_through_the_declared_link_models(admin_client, factory, field):
    record = factory()
    ResearchTopicFactory(name_fr="Robotique fictive")
    opts = record._meta

    form = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    )
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "field_name": field,
            "term": "robo",
        },
    )

    assert f'name="{field}"' in form.content.decode()
    assert "admin-autocomplete" in form.content.decode()
    assert [row["text"] for row in found.json()["results"]] == ["Robotique fictive"]

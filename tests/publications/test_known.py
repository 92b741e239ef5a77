"""Finding whether an entry is stored already: indexed lookups per batch on identifiers and the
folded title, never a read of every publication."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.importing import PublicationEntry, import_publications
from publications.importing.known import KnownPublications
from publications.models import Publication, title_key
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db

TABLE = '"publications_publication"'


def reads_of_publications(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and f"FROM {TABLE}" in q["sql"].split(" WHERE ")[0]
    ]


def test_a_batch_reads_only_the_publications_it_may_describe():
    PublicationFactory.create_batch(40)
    stored = PublicationFactory(title="Réseaux à mémoire courte", doi="10.1000/known", year=2020)
    entries = [
        PublicationEntry(title="Another title", doi="10.1000/KNOWN"),
        PublicationEntry(title="  RESEAUX a   memoire courte ", year=2020),
        PublicationEntry(title="A new paper", year=2021),
    ]

    with CaptureQueriesContext(connection) as queries:
        report = import_publications(entries=entries)

    assert [p.pk for p in report.merged + report.unchanged][:2] == [stored.pk, stored.pk]
    assert [p.title for p in report.created] == ["A new paper"]
    reads = reads_of_publications(queries.captured_queries)
    assert reads, "the lookups were not captured"
    assert all(" WHERE " in sql for sql in reads), reads


def test_the_lookups_cost_the_same_however_many_publications_are_stored():
    entries = [PublicationEntry(title=f"Paper {n}", doi=f"10.1000/p{n}") for n in range(30)]

    def queries_for_import(prefix):
        batch = [
            PublicationEntry(title=f"{prefix} {e.title}", doi=f"{e.doi}{prefix}") for e in entries
        ]  # noqa: E501
        with CaptureQueriesContext(connection) as queries:
            import_publications(entries=batch)
        return len(queries.captured_queries)

    few = queries_for_import("a")
    PublicationFactory.create_batch(200)
    assert queries_for_import("b") == few


def test_one_query_finds_a_batch_by_identifier_and_title(django_assert_num_queries):
    PublicationFactory(title="Étude", arxiv_id="2401.01234")
    known = KnownPublications()

    with django_assert_num_queries(2):  # the publications, then the slugs their titles take
        known.begin([PublicationEntry(title="x", arxiv_id="arXiv:2401.01234v2")] * 3)

    assert known.find(PublicationEntry(title="x", arxiv_id="2401.01234")) is not None
    assert known.find(PublicationEntry(title="ETUDE")) is not None
    assert known.find(PublicationEntry(title="other")) is None


def test_new_slugs_skip_the_taken_ones_without_reading_every_slug():
    PublicationFactory(title="Même titre")
    PublicationFactory(title="Même titre")
    known = KnownPublications()
    known.begin([PublicationEntry(title="Même titre")])

    assert known.new_slug("Même titre") == "meme-titre-3"
    assert known.new_slug("Même titre") == "meme-titre-4"


def test_save_keeps_the_title_key():
    publication = PublicationFactory(title="Les Réseaux  Profonds")
    assert publication.title_key == "les reseaux profonds"

    publication.title = "Œuvres complètes"
    publication.save(update_fields=["title"])

    publication.refresh_from_db()
    assert publication.title_key == title_key("Œuvres complètes") == "oeuvres completes"
    assert not hasattr(Publication.history.model, "title_key")


def test_members_are_read_by_the_names_written_never_all_of_them():
    MemberFactory.create_batch(30)
    dalembert = MemberFactory(given_name="Jean", family_name="d'Alembert")
    tavenas = MemberFactory(given_name="Sébastien", family_name="Tavenas")
    entry = PublicationEntry(title="Un article", authors=["J. d’Alembert", "S. Tavenas", "X. Y"])

    with CaptureQueriesContext(connection) as queries:
        (publication,) = import_publications(entries=[entry]).created

    assert [a.member for a in publication.authorships.all()] == [dalembert, tavenas, None]
    members = [q["sql"] for q in queries.captured_queries if 'FROM "members_member"' in q["sql"]]
    assert members and all(" WHERE " in sql for sql in members), members

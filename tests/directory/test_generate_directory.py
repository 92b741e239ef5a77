import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from core.database import ElsewhereThanPostgreSQLIndex
from directory.management.commands.generate_directory import FILLED_MODELS
from members import counts, topic_ids
from members.models import Member
from publications import entries
from publications.models import Authorship, ProfileEntry, Publication, TopicEntry

pytestmark = pytest.mark.django_db


def test_generates_the_asked_counts_of_plainly_fictional_records():
    call_command("generate_directory", members=200, publications=1000, topics=12, seed=3)
    assert Member.objects.count() == 200
    assert Publication.objects.count() == 1000
    assert all("fictif" in bio for bio in Member.objects.values_list("bio_fr", flat=True))
    assert all(
        t.startswith("Étude fictive") for t in Publication.objects.values_list("title", flat=True)
    )
    # Every publication has authors, every author is a generated member, topics are attached.
    assert not Publication.objects.filter(authorships=None).exists()
    assert not Member.objects.filter(research_topics=None).exists()
    # Skewed: the most prolific member writes several times the median member's count.
    counts = sorted(Member.objects.annotate(n=Count("authorships")).values_list("n", flat=True))
    assert counts[-1] >= 3 * max(counts[len(counts) // 2], 1)


def test_members_sort_and_search_like_typed_ones():
    call_command("generate_directory", members=30, publications=0, topics=5, seed=4)
    member = Member.objects.order_by("?").first()
    assert member in Member.objects.named(member.full_name.upper())


def test_a_second_run_adds_without_clashing():
    call_command("generate_directory", members=10, publications=20, topics=5, seed=5)
    call_command("generate_directory", members=10, publications=20, topics=5, seed=5)
    assert Member.objects.count() == 20
    assert Publication.objects.count() == 40


def test_ends_with_the_database_analysed(capsys):
    call_command("generate_directory", members=10, publications=10, topics=3, seed=8)
    assert "Analysed the database" in capsys.readouterr().out
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'members_member'")
            assert cursor.fetchone()[0] > 0
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'members_member'")
            assert cursor.fetchone()[0] == 10


def test_refuses_nonsense_counts():
    with pytest.raises(CommandError):
        call_command("generate_directory", members=0)


def test_a_fast_load_rebuilds_indexes_and_kept_topic_counts():
    call_command("generate_directory", members=40, publications=60, topics=6, seed=6, fast=True)
    call_command("generate_directory", members=20, publications=30, topics=6, seed=7, fast=True)
    assert Member.objects.count() == 60
    assert Publication.objects.count() == 90
    member = Member.objects.order_by("?").first()
    assert member in Member.objects.named(member.full_name.upper())
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT researchtopic_id, SUM(member_count) FROM members_topic_member_count "
            "GROUP BY 1 HAVING SUM(member_count) > 0 ORDER BY 1"
        )
        kept = cursor.fetchall()
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'")
        triggers = {row[0] for row in cursor.fetchall()}
    live = (
        Member.objects.public()
        .values_list("research_topics")
        .annotate(n=Count("pk"))
        .order_by("research_topics")
    )
    assert kept == [(topic, n) for topic, n in live]
    # Every index the filled models declare is back, and so are the triggers.
    declared = {
        index.name
        for model in FILLED_MODELS
        for index in model._meta.indexes
        if not isinstance(index, ElsewhereThanPostgreSQLIndex)
    }
    assert {"member_search_name_trgm_idx", "publication_search_document_idx"} <= declared
    assert declared <= indexes
    assert set(counts.TRIGGERS) | set(topic_ids.TRIGGERS) | set(entries.TRIGGERS) <= triggers
    # The list entries were refilled: every linked authorship and topic link has its entry.
    assert (
        ProfileEntry.objects.count()
        == Authorship.objects.filter(member__isnull=False, hidden_from_profile=False).count()
    )
    assert TopicEntry.objects.count() == Publication.topics.through.objects.count()
    # The triggers keep counting after the load.
    Member.objects.public().first().research_topics.clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(member_count) FROM members_topic_member_count")
        assert cursor.fetchone()[0] < sum(n for _topic, n in kept)
    # Each member's topic ids were refilled, and are kept after the load.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM members_member AS member WHERE topic_ids IS DISTINCT FROM "
            "(SELECT coalesce(array_agg(researchtopic_id ORDER BY researchtopic_id), '{}') "
            "FROM members_member_research_topics WHERE member_id = member.id)"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM members_member WHERE topic_ids <> '{}'")
        assert cursor.fetchone()[0] > 0

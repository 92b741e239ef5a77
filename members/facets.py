"""Topic facets of the directory: how many of the listed members have each topic."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, IntegerField, Sum
from django.db.models.expressions import RawSQL
from modeltranslation.utils import build_localized_fieldname, get_language

from core.database import is_postgresql

from . import topic_ids
from .models import Member, ResearchTopic, TopicMemberCount

# The sidebar lists the most common topics only: 500 checkboxes help nobody, and cost 40 ms to
# render. Chosen topics are held by every listed member, so they always make the cut.
MAX_FACETS = 40
# Up to this many listed members, their topics are counted from the listed members alone:
# on PostgreSQL from the topic ids on the rows the search reads (1,949 "Abara" members: one
# statement of 9 ms instead of 5 ms for their ids, then 12-16 ms probing their 6,746 links),
# rather than from a planner's overestimate of a trigram match, hashing all 350,000 links
# (80-150 ms).
FACETS_BY_IDS = 5_000


# What a facet shows of its topic: not its description.
FACET_FIELDS = ("slug", "name", "name_fr", "name_en")


@dataclass
class Listed:
    """A narrowed list of members read once: how many they are (the page's exact count), the
    facets of their topics, and their ids in the directory's order (a page then reads its
    members by their ids, without searching for them again)."""

    count: int
    facets: list[ResearchTopic]
    ids: list[int]


# On PostgreSQL one statement: how many members are listed, their ids in the directory's order,
# and their topics counted from the ids each row keeps (members.topic_ids) in the same scan;
# neither for a longer list. The ids unnested in the select list, not by a lateral unnest() per
# row: the statement for the 1,949 "Abara" members went from 21.4 to 19.3 ms
# (docs/performance.md). Their ids in the order of Member.Meta.ordering cost it 1.3 ms, and
# save the page's own search (7.2 ms for them).
LISTED = f"""
    WITH listed(topic_ids, id, sort_name) AS MATERIALIZED ({{members}}),
    size AS MATERIALIZED (SELECT count(*) AS n FROM listed),
    counted AS (
        SELECT id, count(*) AS n
        FROM (
            SELECT unnest(topic_ids) AS id FROM listed
            WHERE (SELECT n FROM size) <= {{most}}
        ) AS held
        GROUP BY id
    ),
    shown AS (
        SELECT counted.id, counted.n,
               row_number() OVER (ORDER BY counted.n DESC, topic.{{name}}, counted.id) AS rank
        FROM counted JOIN {ResearchTopic._meta.db_table} AS topic ON topic.id = counted.id
        ORDER BY rank LIMIT {MAX_FACETS}
    )
    SELECT (SELECT n FROM size),
           ARRAY(SELECT id FROM shown ORDER BY rank),
           ARRAY(SELECT n FROM shown ORDER BY rank),
           ARRAY(
               SELECT id FROM listed WHERE (SELECT n FROM size) <= {{most}}
               ORDER BY sort_name, id
           )
"""


def listed(members) -> Listed | None:
    """How many `members` are and their topic facets, if they are at most FACETS_BY_IDS."""
    # Ids only: without rewrite(False) modeltranslation makes each row a dict and back (3 ms
    # for 2,000 members).
    members = members.rewrite(False).order_by()
    if not is_postgresql(members):
        ordered = members.order_by(*Member._meta.ordering)
        ids = list(ordered.values_list("pk", flat=True)[: FACETS_BY_IDS + 1])
        if len(ids) > FACETS_BY_IDS:
            return None
        facets = (
            ResearchTopic.objects.using(members.db)
            .filter(members__in=ids)
            .only(*FACET_FIELDS)
            .annotate(member_count=Count("members"))
            .order_by("-member_count", "name")[:MAX_FACETS]
        )
        return Listed(len(ids), list(facets), ids)
    kept = RawSQL(f'"{Member._meta.db_table}"."{topic_ids.COLUMN}"', ())
    rows = members.annotate(kept_topic_ids=kept).values_list("kept_topic_ids", "pk", "sort_name")
    try:
        sql, params = rows[: FACETS_BY_IDS + 1].query.sql_with_params()
    except EmptyResultSet:  # a filter no row can pass: Django writes no SQL for it
        return Listed(0, [], [])
    name = ResearchTopic._meta.get_field(build_localized_fieldname("name", get_language()))
    statement = LISTED.format(members=sql, most=FACETS_BY_IDS, name=name.column)
    with connections[members.db].cursor() as cursor:
        cursor.execute(statement, params)
        count, shown, counts, ids = cursor.fetchone()
    if count > FACETS_BY_IDS:
        return None
    topics = ResearchTopic.objects.using(members.db).only(*FACET_FIELDS).in_bulk(shown)
    facets = []
    for pk, members_with_it in zip(shown, counts, strict=True):
        if pk in topics:  # not deleted since
            topics[pk].member_count = members_with_it
            facets.append(topics[pk])
    return Listed(count, facets, ids)


def topic_facets(members, *, membership_type=None, narrowed=False):
    """Each topic with how many of `members` (published members, of `membership_type` if
    given) have it, most common first. Unless `narrowed` by other filters, PostgreSQL reads
    the counts its triggers keep (`TopicMemberCount`) instead of counting every link.
    A narrowed list of at most FACETS_BY_IDS members has its facets from `listed()`."""
    if narrowed or not is_postgresql(members):
        return members.topic_facets()[:MAX_FACETS]
    # One join and GROUP BY over the ~2,000 kept rows, not two subqueries per topic.
    topics = ResearchTopic.objects.using(members.db).only(*FACET_FIELDS)
    if membership_type is not None:
        topics = topics.filter(kept_member_counts__membership_type=membership_type)
    return (
        topics.annotate(member_count=Sum("kept_member_counts__member_count"))
        .filter(member_count__gt=0)
        .order_by("-member_count", "name")[:MAX_FACETS]
    )


# Each topic's published members on PostgreSQL, summed from the counts its triggers keep per
# membership type (migration members 0005): counting 350,000 links took 100 ms.
KEPT_MEMBER_COUNT = (
    f"SELECT COALESCE(SUM(kept.member_count), 0) FROM {TopicMemberCount._meta.db_table} AS kept "
    f'WHERE kept.researchtopic_id = "{ResearchTopic._meta.db_table}"."id"'
)


def with_kept_member_count(topics):
    """`topics`, each with `member_count`, how many published members have it, read with the
    topic on PostgreSQL; elsewhere as they are (`topic_member_count` counts)."""
    if not is_postgresql(topics):
        return topics
    return topics.annotate(member_count=RawSQL(KEPT_MEMBER_COUNT, (), output_field=IntegerField()))


def topic_member_count(topic, members) -> int:
    """How many published members have `topic` (`members`, the topic's published members):
    read with the topic by `with_kept_member_count` on PostgreSQL, else counted."""
    if hasattr(topic, "member_count"):
        return topic.member_count
    return members.count()

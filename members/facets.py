"""Topic facets of the directory: how many of the listed members have each topic."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from core.database import IdArray, is_postgresql

from .models import ResearchTopic, TopicMemberCount

# The sidebar lists the most common topics only: 500 checkboxes help nobody, and cost 40 ms to
# render. Chosen topics are held by every listed member, so they always make the cut.
MAX_FACETS = 40
# Up to this many listed members, their topics are counted from their ids: PostgreSQL then
# probes each member's links (1,949 "Abara" members: 6,746 links, 29 ms loaded) instead of
# overestimating a trigram match and hashing all 350,000 links (80-150 ms).
FACETS_BY_IDS = 5_000


# What a facet shows of its topic: not its description.
FACET_FIELDS = ("slug", "name", "name_fr", "name_en")


def listed_ids(members) -> list[int] | None:
    """The ids of `members` if there are at most FACETS_BY_IDS of them: what the facets count
    from, and, exact, the page's result count."""
    # Ids only: without rewrite(False) modeltranslation makes each row a dict and back (3 ms
    # for 2,000 members).
    ids = list(members.rewrite(False).order_by().values_list("pk", flat=True)[: FACETS_BY_IDS + 1])
    return ids if len(ids) <= FACETS_BY_IDS else None


def topic_facets(members, *, membership_type=None, narrowed=False, ids=None):
    """Each topic with how many of `members` (published members, of `membership_type` if
    given) have it, most common first. Unless `narrowed` by other filters, PostgreSQL reads
    the counts its triggers keep (`TopicMemberCount`) instead of counting every link.
    `ids`, from `listed_ids(members)`, counts the topics of those members only."""
    if ids is not None:
        # Straight from the links of those ids: joining the members again to check ids already
        # checked cost half the query (1,949 "Abara" members: 15 ms, then 8).
        if is_postgresql(members):
            # One array parameter, not 5,000: psycopg and the planner each parsed the long
            # IN list (~6 ms of Python, 1.5 ms of planning for 1,949 ids).
            ids = IdArray(ids)
        return (
            ResearchTopic.objects.filter(members__in=ids)
            .only(*FACET_FIELDS)
            .annotate(member_count=Count("members"))
            .order_by("-member_count", "name")[:MAX_FACETS]
        )
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


def topic_member_count(topic, members) -> int:
    """How many published members have `topic` (`members`, the topic's published members):
    on PostgreSQL the sum of the counts its triggers keep, one row per membership type."""
    if not is_postgresql(members):
        return members.count()
    kept = TopicMemberCount.objects.using(members.db).filter(research_topic=topic)
    return kept.aggregate(total=Coalesce(Sum("member_count"), 0))["total"]

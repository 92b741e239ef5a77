"""The members whose work is closest to each member's, computed ahead (`SimilarMember`), with
why: the research topics they share, the publications they wrote together, how close their
expertise is.

Candidates are the members closest in expertise (the dot product of the two unit vectors over
the member's CLOSE_TERMS heaviest terms, reading at most CHAMPIONS members per term) and every
co-author. Score = closeness + 0.15 per shared topic (up to 6) + 0.3 per joint publication (up
to 5); a pair is kept when they wrote together, share two topics or their closeness reaches
CLOSE_WORK, and each member keeps their SHOWN best. Needs the expertise (`compute_expertise`) first.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries, transaction

from core.signals import rows_changed
from members.models import Member

from ..choices import ReviewStatus
from .models import CLOSE_WORK, SimilarMember
from .terms import bulk_delete, is_postgresql, planned_for_batches

SHOWN = 6
CLOSE_TERMS = 12
CHAMPIONS = 100
CANDIDATES = 40
PER_TOPIC, MOST_TOPICS = 0.15, 6
PER_JOINT_PUBLICATION, MOST_JOINT_PUBLICATIONS = 0.3, 5
# Members computed and written per transaction (fewer on SQLite, whose queries name each id).
BATCH, SQLITE_BATCH = 1_000, 250

_HEAVIEST = """
    SELECT member_id, term, weight FROM (
        SELECT member_id, term, weight,
               row_number() OVER (PARTITION BY member_id ORDER BY weight DESC, term) AS n
        FROM publications_expertiseterm WHERE member_id IN ({members})
    ) AS ranked WHERE n <= %s
"""
_CLOSEST = """
    SELECT ranked.member_id, ranked.other_id, ranked.closeness FROM (
        SELECT member_id, other_id, closeness,
               row_number() OVER (PARTITION BY member_id ORDER BY closeness DESC, other_id) AS n
        FROM pairs
    ) AS ranked
    JOIN members_member AS other ON other.id = ranked.other_id AND other.is_published
    WHERE ranked.n <= %s
"""
# The CHAMPIONS heaviest users of each term of the batch are read once for the batch, from
# the term index alone, not once per member using it.
CLOSENESS_POSTGRESQL = f"""
    WITH mine AS ({_HEAVIEST}),
    champions AS (
        SELECT terms.term, best.member_id, best.weight
        FROM (SELECT DISTINCT term FROM mine) AS terms CROSS JOIN LATERAL (
            SELECT e.member_id, e.weight FROM publications_expertiseterm AS e
            WHERE e.term = terms.term ORDER BY e.weight DESC, e.member_id LIMIT %s
        ) AS best
    ),
    pairs AS (
        SELECT mine.member_id, champions.member_id AS other_id,
               sum(mine.weight * champions.weight) AS closeness
        FROM mine JOIN champions ON champions.term = mine.term
        WHERE champions.member_id <> mine.member_id
        GROUP BY 1, 2
    )
    {_CLOSEST}
"""
CLOSENESS_SQLITE = f"""
    WITH mine AS ({_HEAVIEST}), pairs AS (
        SELECT mine.member_id, e.member_id AS other_id, sum(mine.weight * e.weight) AS closeness
        FROM mine JOIN publications_expertiseterm AS e
             ON e.term = mine.term AND e.member_id <> mine.member_id
        GROUP BY 1, 2
    )
    {_CLOSEST}
"""
# Publications on both profiles that visitors see, with published co-authors.
JOINT_PUBLICATIONS = """
    SELECT a.member_id, b.member_id, count(DISTINCT a.publication_id)
    FROM publications_authorship AS a
    JOIN publications_authorship AS b
         ON b.publication_id = a.publication_id AND b.member_id <> a.member_id
    JOIN publications_publication AS p ON p.id = a.publication_id
    JOIN members_member AS other ON other.id = b.member_id
    WHERE a.member_id IN ({members}) AND NOT a.hidden_from_profile AND NOT b.hidden_from_profile
      AND p.is_published AND p.review_status = %s AND other.is_published
    GROUP BY 1, 2
"""
# The same on PostgreSQL: each of the members' authorships looks its co-authors up by
# publication (an index lookup each, where the hash join PostgreSQL prefers reads all three
# million authorships at full scale).
JOINT_PUBLICATIONS_POSTGRESQL = """
    SELECT a.member_id, b.member_id, count(DISTINCT a.publication_id)
    FROM publications_authorship AS a
    JOIN publications_publication AS p ON p.id = a.publication_id
    CROSS JOIN LATERAL (
        SELECT co.member_id FROM publications_authorship AS co
        WHERE co.publication_id = a.publication_id AND co.member_id <> a.member_id
          AND NOT co.hidden_from_profile
        OFFSET 0  -- kept a lookup per authorship: the planner would otherwise flatten it
    ) AS b
    JOIN members_member AS other ON other.id = b.member_id
    WHERE a.member_id IN ({members}) AND NOT a.hidden_from_profile
      AND p.is_published AND p.review_status = %s AND other.is_published
    GROUP BY 1, 2
"""
# On PostgreSQL, only the candidate pairs are looked at: two index lookups per pair, where
# joining every member of each topic would read millions of links at 100,000 members.
SHARED_TOPICS_OF_PAIRS = """
    SELECT pair.member_id, pair.other_id, count(*)
    FROM unnest(%s::bigint[], %s::bigint[]) AS pair(member_id, other_id)
    JOIN {links} AS a ON a.{member} = pair.member_id
    JOIN {links} AS b ON b.{member} = pair.other_id AND b.{topic} = a.{topic}
    GROUP BY 1, 2
"""
SHARED_TOPICS = """
    SELECT a.{member}, b.{member}, count(*)
    FROM {links} AS a JOIN {links} AS b ON b.{topic} = a.{topic} AND b.{member} <> a.{member}
    WHERE a.{member} IN ({members}) AND {others}
    GROUP BY 1, 2
"""


@dataclass
class SimilarReport:
    members: int = 0
    pairs: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"Similar members: {self.pairs} pairs for {self.members} members "
            f"in {self.seconds:.1f} s."
        ]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _among(column: str, values) -> tuple[str, list]:
    """`column` is one of `values`: one array parameter on PostgreSQL, however many."""
    if is_postgresql("default"):
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({_placeholders(values)})", list(values)


def _pairs(cursor, sql: str, params) -> dict[int, dict[int, float]]:
    cursor.execute(sql, params)
    found = defaultdict(dict)
    for member_id, other_id, value in cursor.fetchall():
        found[member_id][other_id] = value
    return found


def _shared_topics(cursor, candidates: dict[int, set[int]]) -> dict[int, dict[int, int]]:
    """How many research topics each member of `candidates` shares with each of theirs."""
    others = sorted(set().union(*candidates.values())) if candidates else []
    if not others:
        return {}
    relation = Member.research_topics.field
    names = {
        "links": connection.ops.quote_name(relation.m2m_db_table()),
        "member": connection.ops.quote_name(relation.m2m_column_name()),
        "topic": connection.ops.quote_name(relation.m2m_reverse_name()),
    }
    if is_postgresql("default"):
        pairs = [(member, other) for member, found in candidates.items() for other in found]
        return _pairs(
            cursor,
            SHARED_TOPICS_OF_PAIRS.format(**names),
            [[member for member, _o in pairs], [other for _m, other in pairs]],
        )
    members = list(candidates)
    among_others, others_params = _among(f"b.{names['member']}", others)
    sql = SHARED_TOPICS.format(**names, members=_placeholders(members), others=among_others)
    return _pairs(cursor, sql, [*members, *others_params])


def similar_pairs(member_ids: list[int]) -> list[SimilarMember]:
    """The SHOWN closest members of each of `member_ids` (published members), with why."""
    members = _placeholders(member_ids)
    closeness_sql = CLOSENESS_POSTGRESQL if is_postgresql("default") else CLOSENESS_SQLITE
    with connection.cursor() as cursor:
        closeness = _pairs(
            cursor,
            closeness_sql.format(members=members),
            [
                *member_ids,
                CLOSE_TERMS,
                *([CHAMPIONS] if is_postgresql("default") else []),
                CANDIDATES,
            ],
        )
        joint = _pairs(
            cursor,
            (
                JOINT_PUBLICATIONS_POSTGRESQL if is_postgresql("default") else JOINT_PUBLICATIONS
            ).format(members=members),
            [*member_ids, ReviewStatus.APPROVED],
        )
        candidates = {}
        for member_id in member_ids:
            closest = sorted(closeness.get(member_id, {}).items(), key=lambda kv: -kv[1])
            candidates[member_id] = {o for o, _c in closest[:CANDIDATES]} | set(
                joint.get(member_id, {})
            )
        shared = _shared_topics(cursor, candidates)
    rows = []
    for member_id in member_ids:
        scored = []
        for other_id in candidates[member_id]:
            close = min(1.0, max(0.0, closeness.get(member_id, {}).get(other_id, 0.0)))
            together = joint.get(member_id, {}).get(other_id, 0)
            topics = shared.get(member_id, {}).get(other_id, 0)
            if not (together or topics >= 2 or close >= CLOSE_WORK):
                continue
            score = (
                close
                + PER_TOPIC * min(topics, MOST_TOPICS)
                + PER_JOINT_PUBLICATION * min(together, MOST_JOINT_PUBLICATIONS)
            )
            scored.append((-score, other_id, topics, together, close))
        for negative, other_id, topics, together, close in sorted(scored)[:SHOWN]:
            rows.append(
                SimilarMember(
                    member_id=member_id,
                    other_id=other_id,
                    score=-negative,
                    shared_topics=topics,
                    joint_publications=together,
                    closeness=close,
                )
            )
    return rows


def similar_to(member: Member):
    """The published members closest to `member`, best first, with what their cards show: one
    query."""
    return (
        SimilarMember.objects.filter(member=member, other__is_published=True)
        .select_related("other__membership_type", "other__organisation")
        .order_by("-score", "other__sort_name")[:SHOWN]
    )


def refresh_similar(
    member_ids: list[int] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> SimilarReport:
    """Recompute the similar members of `member_ids` and of the members whose lists name them
    (of every published member when None), batch by batch, each committed; `progress(done,
    total)` is told after each. Unpublished members keep none and appear in none. Safe to run
    again."""
    started = time.monotonic()
    report = SimilarReport()
    public = Member.objects.public()
    if member_ids is None:
        bulk_delete(SimilarMember.objects.exclude(member__in=public, other__in=public))
        affected = list(public.order_by("pk").values_list("pk", flat=True))
    else:
        naming = SimilarMember.objects.filter(other_id__in=member_ids).values_list(
            "member_id", flat=True
        )
        affected = sorted({*member_ids, *naming})
        bulk_delete(SimilarMember.objects.filter(member_id__in=affected).exclude(member__in=public))
        affected = list(public.filter(pk__in=affected).order_by("pk").values_list("pk", flat=True))
    size = BATCH if is_postgresql("default") else SQLITE_BATCH
    with planned_for_batches():
        for start in range(0, len(affected), size):
            batch = affected[start : start + size]
            rows = similar_pairs(batch)
            with transaction.atomic():
                bulk_delete(SimilarMember.objects.filter(member_id__in=batch))
                SimilarMember.objects.bulk_create(rows, batch_size=5_000)
            report.members += len(batch)
            report.pairs += len(rows)
            if progress is not None:
                progress(report.members, len(affected))
            # With DEBUG on, Django keeps the SQL of the last 9,000 queries: a batch's arrays of
            # 30,000 terms each would hold a gigabyte by the end of a run.
            reset_queries()
    rows_changed.send(sender=SimilarMember)
    report.seconds = time.monotonic() - started
    return report

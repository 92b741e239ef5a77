"""Each member's expertise, computed ahead: the terms of their research topics (both languages'
names) and of the titles and abstracts of the public publications on their profile, weighted,
as one unit vector per member (`ExpertiseTerm`); and how common each term is over all public
publications and topics (`ExpertiseVocabulary`), which makes rare words weigh more.

A term's weight for a member is (1 + ln n) × rarity, with n = 4 per topic naming it + 2 per
title + 1 per abstract using it, over their RECENT_PUBLICATIONS newest publications; rarity is
ln((N + 1) / documents using the term). The member keeps their TERMS_PER_MEMBER heaviest terms,
scaled to a unit vector, so that a prolific author and a newcomer compare on the same footing.
"""

import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries, transaction

from core.signals import rows_changed
from members.models import Member, ResearchTopic

from ..choices import ReviewStatus
from ..models import Authorship, Publication
from .models import ExpertiseTerm, ExpertiseVocabulary
from .terms import bulk_delete, is_postgresql, keep, planned_for_batches, stop_terms, terms_of_texts

TERMS_PER_MEMBER = 200
RECENT_PUBLICATIONS = 300
# Members computed and written per transaction: memory stays bounded at any size.
BATCH = 1_000
TOPIC_MENTION, TITLE_MENTION, ABSTRACT_MENTION = 4, 2, 1

# What PostgreSQL has already parsed: the stored search document of each publication (title
# weighted A, abstract B), unnested, for the newest publications on each member's profile.
MEMBER_LEXEMES = """
    WITH recent AS (
        SELECT a.member_id, p.search_document,
               row_number() OVER (PARTITION BY a.member_id
                                  ORDER BY p.year DESC NULLS LAST, p.id DESC) AS n
        FROM publications_authorship AS a
        JOIN publications_publication AS p ON p.id = a.publication_id
        WHERE a.member_id = ANY(%(members)s) AND NOT a.hidden_from_profile
          AND p.is_published AND p.review_status = %(approved)s
    )
    SELECT r.member_id, w.lexeme,
           count(*) FILTER (WHERE 'A' = ANY(w.weights)),
           count(*) FILTER (WHERE 'B' = ANY(w.weights))
    FROM recent AS r, unnest(r.search_document) AS w
    WHERE r.n <= %(recent)s
    GROUP BY 1, 2
"""
# A batch's terms in one statement: three arrays, no model instance per row.
INSERT_TERMS = """
    INSERT INTO publications_expertiseterm (member_id, term, weight)
    SELECT * FROM unnest(%s::bigint[], %s::text[], %s::float8[])
"""
VOCABULARY = """
    SELECT word, ndoc FROM ts_stat(
        'SELECT search_document FROM publications_publication '
        'WHERE is_published AND review_status = ''approved''')
"""


@dataclass
class ExpertiseReport:
    members: int = 0
    terms: int = 0
    vocabulary: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"Expertise: {self.members} members, {self.terms} terms "
            f"({self.vocabulary} in the vocabulary) in {self.seconds:.1f} s."
        ]


class Rarity:
    """How rare each term is, read from the vocabulary as the run needs it."""

    def __init__(self):
        self.documents = Publication.objects.public().count() + ResearchTopic.objects.count()
        self.known: dict[str, float] = {}

    def of(self, terms) -> dict[str, float]:
        missing = [term for term in terms if term not in self.known]
        for start in range(0, len(missing), 5_000):
            chunk = missing[start : start + 5_000]
            self.known |= dict(
                ExpertiseVocabulary.objects.filter(term__in=chunk).values_list("term", "rarity")
            )
        # A term no publication uses yet (a topic added since the last full run): the rarest.
        fresh = [term for term in missing if term not in self.known]
        if fresh:
            rarest = math.log(self.documents + 1)
            ExpertiseVocabulary.objects.bulk_create(
                [ExpertiseVocabulary(term=t, documents=1, rarity=rarest) for t in fresh],
                ignore_conflicts=True,
            )
            self.known |= dict.fromkeys(fresh, rarest)
        return {term: self.known[term] for term in terms}


def rebuild_vocabulary() -> int:
    """Count, for every term, the public publications and the topics that use it."""
    stop = stop_terms()
    documents = Counter()
    publications = Publication.objects.public()
    if is_postgresql(publications.db):
        with connection.cursor() as cursor:
            cursor.execute(VOCABULARY)
            documents.update({word: n for word, n in cursor.fetchall() if keep(word, stop)})
    else:
        rows = publications.values_list("title", "abstract")
        for counts in terms_of_texts([f"{title} {abstract}" for title, abstract in rows]):
            documents.update(counts.keys())
    for counts in terms_of_texts([f"{n_fr} {n_en}" for n_fr, n_en in _topic_names()]):
        documents.update(counts.keys())
    total = publications.count() + ResearchTopic.objects.count()
    with transaction.atomic():
        ExpertiseVocabulary.objects.all().delete()
        ExpertiseVocabulary.objects.bulk_create(
            (
                ExpertiseVocabulary(term=term, documents=n, rarity=math.log((total + 1) / n))
                for term, n in documents.items()
            ),
            batch_size=5_000,
        )
    return len(documents)


def _topic_names():
    return ResearchTopic.objects.values_list("name_fr", "name_en")


def mentions(member_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """member -> term -> [topics naming it, titles using it, abstracts using it]."""
    found: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    stop = stop_terms()
    # Through the relation's own names: the link table may become an explicit model.
    relation = Member.research_topics.field
    member, topic = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    links = list(
        relation.remote_field.through.objects.filter(**{f"{member}__in": member_ids}).values_list(
            member, f"{topic}__name_fr", f"{topic}__name_en"
        )
    )
    for (member_id, *_names), counts in zip(
        links, terms_of_texts([f"{fr} {en or ''}" for _m, fr, en in links]), strict=True
    ):
        for term in counts:
            found[member_id][term][0] += 1
    if is_postgresql(Publication.objects.db):
        with connection.cursor() as cursor:
            cursor.execute(
                MEMBER_LEXEMES,
                {
                    "members": member_ids,
                    "approved": ReviewStatus.APPROVED,
                    "recent": RECENT_PUBLICATIONS,
                },
            )
            for member_id, lexeme, titles, abstracts in cursor.fetchall():
                if keep(lexeme, stop):
                    entry = found[member_id][lexeme]
                    entry[1] += titles
                    entry[2] += abstracts
        return found
    rows = (
        Authorship.objects.filter(
            member_id__in=member_ids,
            hidden_from_profile=False,
            publication__in=Publication.objects.public(),
        )
        .order_by("member_id", "-publication__year", "-publication_id")
        .values_list("member_id", "publication__title", "publication__abstract")
    )
    taken = Counter()
    for member_id, title, abstract in rows:
        taken[member_id] += 1
        if taken[member_id] > RECENT_PUBLICATIONS:
            continue
        title_terms, abstract_terms = terms_of_texts([title, abstract])
        for term in title_terms:
            found[member_id][term][1] += 1
        for term in abstract_terms:
            found[member_id][term][2] += 1
    return found


def weigh(counts: dict[str, list[int]], rarity: dict[str, float]) -> dict[str, float]:
    """A member's heaviest terms as a unit vector."""
    weights = {}
    for term, (topics, titles, abstracts) in counts.items():
        n = TOPIC_MENTION * topics + TITLE_MENTION * titles + ABSTRACT_MENTION * abstracts
        if n and rarity[term] > 0:
            weights[term] = (1 + math.log(n)) * rarity[term]
    kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:TERMS_PER_MEMBER]
    norm = math.sqrt(sum(weight * weight for _term, weight in kept))
    return {term: min(1.0, weight / norm) for term, weight in kept} if norm else {}


def compute_expertise(
    *,
    member_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExpertiseReport:
    """Compute the expertise of `member_ids` (every published member, and the vocabulary
    first, when None), batch by batch, each batch committed; `progress(done, total)` is told
    after each. Unpublished members lose theirs. Safe to run again."""
    started = time.monotonic()
    report = ExpertiseReport()
    public = Member.objects.public()
    if member_ids is None:
        report.vocabulary = rebuild_vocabulary()
        bulk_delete(ExpertiseTerm.objects.exclude(member__in=public))
        candidates = list(public.order_by("pk").values_list("pk", flat=True))
    else:
        bulk_delete(
            ExpertiseTerm.objects.filter(member_id__in=member_ids).exclude(member__in=public)
        )
        candidates = list(
            public.filter(pk__in=member_ids).order_by("pk").values_list("pk", flat=True)
        )
    rarity = Rarity()
    if progress is not None:
        progress(0, len(candidates))
    with planned_for_batches():
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start : start + BATCH]
            found = mentions(batch)
            rarities = rarity.of(sorted({term for counts in found.values() for term in counts}))
            rows = [
                (member_id, term, weight)
                for member_id in batch
                for term, weight in weigh(found.pop(member_id, {}), rarities).items()
            ]
            with transaction.atomic():
                bulk_delete(ExpertiseTerm.objects.filter(member_id__in=batch))
                _insert_terms(rows)
            report.members += len(batch)
            report.terms += len(rows)
            if progress is not None:
                progress(report.members, len(candidates))
            # With DEBUG on, Django keeps the SQL of the last 9,000 queries: a batch's arrays of
            # 30,000 terms each would hold a gigabyte by the end of a run.
            reset_queries()
    rows_changed.send(sender=ExpertiseTerm)
    report.seconds = time.monotonic() - started
    return report


def _insert_terms(rows: list[tuple[int, str, float]]) -> None:
    if not rows:
        return
    if is_postgresql(ExpertiseTerm.objects.db):
        with connection.cursor() as cursor:
            cursor.execute(INSERT_TERMS, [list(column) for column in zip(*rows, strict=True)])
        return
    ExpertiseTerm.objects.bulk_create(
        [ExpertiseTerm(member_id=m, term=t, weight=w) for m, t, w in rows], batch_size=5_000
    )

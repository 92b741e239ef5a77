"""The expert finder: members ranked by how well their expertise matches a text a visitor typed
or pasted (a few words, an abstract, a call for proposals), in French or English, each with why:
the research topics it names and their most relevant publications.

A paste becomes a bounded query: its first MAX_TEXT characters, its terms without stop words,
weighted by (1 + ln occurrences) × rarity, the MAX_TERMS heaviest kept (terms no member uses
are dropped, and so are terms weighing less than NEGLIGIBLE of the heaviest: words nearly every
member uses, which would read a thousand members each and move no one's rank). A research
topic whose name in one language is all in the text brings its name in the other language:
"apprentissage par renforcement" also looks for "reinforcement learning". A member's score is
the sum, over the query's terms, of their weight for the term times the term's; PostgreSQL
reads at most CHAMPIONS members per term, from the index.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, F, FloatField, Sum, Value, When

from members.models import Member, ResearchTopic

from ..choices import ReviewStatus
from ..models import Authorship, Publication
from .models import ExpertiseTerm, ExpertiseVocabulary
from .terms import folded_terms, is_postgresql, terms_of_texts
from .topic_names import TopicNames, topic_names

# What a browser sends of a paste (the form's maxlength) and what the server reads of one.
MAX_TEXT = 4_000
MAX_TERMS = 30
# A term weighing less than this share of the heaviest one is not looked for: in the generated
# directory "test" or "résumé" weighed a two-thousandth of "bayesian", and read 1,000 rows each.
NEGLIGIBLE = 0.01
# Members read per term on PostgreSQL: the heaviest first, from the (term, weight) index.
CHAMPIONS = 1_000
SHOWN = 12
RELEVANT_PUBLICATIONS = 3
# Chosen among a member's RELEVANT_AMONG newest: each is a lookup of its search document.
RELEVANT_AMONG = 50
# A term weighing less than this share of the heaviest one does not choose publications.
TELLING = 0.2
# What an expert's item shows of a publication: its linked title and year (not the abstract,
# nor the search document, which PostgreSQL would send for each one). On PostgreSQL RELEVANT
# returns the same columns, read with the rows it ranks.
SHOWN_OF_A_PUBLICATION = ("id", "slug", "title", "title_language", "year")

RANKED_MEMBERS = """
    SELECT best.member_id, sum(best.weight * query.weight) AS score
    FROM unnest(%(terms)s::text[], %(weights)s::float8[]) AS query(term, weight)
    CROSS JOIN LATERAL (
        SELECT e.member_id, e.weight FROM publications_expertiseterm AS e
        WHERE e.term = query.term ORDER BY e.weight DESC LIMIT %(champions)s
    ) AS best
    GROUP BY best.member_id
    ORDER BY score DESC, best.member_id
    LIMIT %(limit)s
"""
# Each shown member's public publications on their profile that the query matches, best first,
# among their RELEVANT_AMONG newest: a prolific author's thousands of papers are never all read.
# The newest are the first entries of the member's profile entries in newest-first order
# (models.ProfileEntry's index); only those are read whole, for their search document, in one
# scan of their ids in order (1,200 lookups one by one cost twice as much). Ranked as the
# publication search ranks (ts_rank, the title weighing more than the abstract): cover density
# (ts_rank_cd) cost 9 of the query's 20 ms, and would order a member's papers unlike the search.
RELEVANT = """
    WITH recent AS MATERIALIZED (
        SELECT shown.member_id, e.publication_id AS id, e.year
        FROM unnest(%(members)s::bigint[]) AS shown(member_id)
        CROSS JOIN LATERAL (
            SELECT e.publication_id, e.year
            FROM publications_profile_entry AS e
            WHERE e.member_id = shown.member_id AND e.public
            ORDER BY e.year DESC NULLS LAST, e.publication_date DESC NULLS LAST, e.title,
                     e.publication_id
            LIMIT %(recent)s
        ) AS e
    ),
    matched AS (
        SELECT document.id, document.slug, document.title, document.title_language,
               document.year, ts_rank(document.search_document, %(query)s::tsquery) AS rank
        FROM publications_publication AS document
        WHERE document.id = ANY(ARRAY(SELECT DISTINCT id FROM recent ORDER BY id))
          AND document.search_document @@ %(query)s::tsquery
          AND document.is_published AND document.review_status = %(approved)s
    )
    SELECT member_id, id, slug, title, title_language, year FROM (
        SELECT recent.member_id, matched.id, matched.slug, matched.title,
               matched.title_language, matched.year,
               row_number() OVER (
                   PARTITION BY recent.member_id
                   ORDER BY matched.rank DESC, recent.year DESC NULLS LAST, recent.id
               ) AS n
        FROM recent JOIN matched ON matched.id = recent.id
    ) AS ranked
    WHERE n <= %(shown)s
    ORDER BY member_id, n
"""


@dataclass
class Expert:
    member: Member
    score: float
    topics: list[ResearchTopic] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)


@dataclass
class ExpertSearch:
    """What a visitor asked and who answers it, best first."""

    text: str
    was_cut: bool = False
    terms: dict[str, float] = field(default_factory=dict)
    experts: list[Expert] = field(default_factory=list)

    @property
    def asked(self) -> bool:
        return bool(self.text.strip())


# Characters no database stores in text (PostgreSQL refuses NUL): a pattern, which scans a
# 20,000-character paste in 0.05 ms where str.translate took 1 ms.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cut(text: str) -> tuple[str, bool]:
    """`text` without control characters, cut to its first MAX_TEXT characters (at a space);
    whether it was cut."""
    text = _UNSTORABLE.sub(" ", text or "").strip()
    if len(text) <= MAX_TEXT:
        return text, False
    head = text[:MAX_TEXT]
    return head[: head.rfind(" ")] if " " in head[MAX_TEXT // 2 :] else head, True


@dataclass
class Query:
    """What a text asks for: the weighted terms looked for (heaviest first), every term the
    text holds or brings through topic names, and the topics it mentions."""

    weights: dict[str, float]
    mentioned: set[str]
    topics: TopicNames


def query_terms(text: str, *, using: str = "default") -> Query:
    """The bounded query a text becomes."""
    occurrences = terms_of_texts([text], using=using)[0]
    topics = topic_names(set(occurrences), using=using)
    bridged = topics.bridges(set(occurrences))
    rarity = dict(
        ExpertiseVocabulary.objects.using(using)
        .filter(term__in=sorted({*occurrences, *topics.terms()}))
        .values_list("term", "rarity")
    )
    topics.rarity = rarity
    weights = {
        term: (1 + math.log(count)) * rarity[term]
        for term, count in occurrences.items()
        if rarity.get(term, 0) > 0
    }
    if bridged:
        # A bridged name weighs what the words that named the topic weigh, on average.
        average = sum(weights.values()) / len(weights) if weights else 1.0
        for term in bridged:
            if rarity.get(term, 0) > 0:
                weights[term] = max(weights.get(term, 0), min(average, rarity[term]))
    heaviest = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS])
    return Query(
        weights=weighing(heaviest, NEGLIGIBLE), mentioned={*occurrences, *bridged}, topics=topics
    )


def ranked_members(terms: dict[str, float], *, limit: int, using: str) -> list[tuple[int, float]]:
    if not terms:
        return []
    if is_postgresql(using):
        with connections[using].cursor() as cursor:
            cursor.execute(
                RANKED_MEMBERS,
                {
                    "terms": list(terms),
                    "weights": list(terms.values()),
                    "champions": CHAMPIONS,
                    "limit": limit,
                },
            )
            return cursor.fetchall()
    weight = Case(
        *(When(term=term, then=Value(value)) for term, value in terms.items()),
        output_field=FloatField(),
    )
    return list(
        ExpertiseTerm.objects.using(using)
        .filter(term__in=list(terms))
        .values("member_id")
        .annotate(score=Sum(F("weight") * weight))
        .order_by("-score", "member_id")
        .values_list("member_id", "score")[:limit]
    )


def weighing(terms: dict[str, float], share: float) -> dict[str, float]:
    """The terms weighing at least `share` of the heaviest one, in their order."""
    floor = max(terms.values(), default=0) * share
    return {term: weight for term, weight in terms.items() if weight >= floor}


def relevant_publications(member_ids, terms: dict[str, float], *, using: str) -> dict[int, list]:
    """member -> their RELEVANT_PUBLICATIONS publications the terms match best, best first."""
    found = defaultdict(list)
    # Only the telling terms pick publications out: a word most publications use would match
    # them all.
    terms = weighing(terms, TELLING)
    if not member_ids or not terms:
        return found
    if is_postgresql(using):
        query = " | ".join(
            "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms
        )
        rows = Publication.objects.using(using).raw(
            RELEVANT,
            {
                "query": query,
                "members": list(member_ids),
                "approved": ReviewStatus.APPROVED,
                "recent": RELEVANT_AMONG,
                "shown": RELEVANT_PUBLICATIONS,
            },
        )
        for publication in rows:
            found[publication.member_id].append(publication)
        return found
    # SQLite, the embedded default (a few thousand publications): scored here, each text
    # folded once, by the weights of the terms its title (twice) and abstract have.
    rows = (
        Authorship.objects.using(using)
        .filter(
            member_id__in=member_ids,
            hidden_from_profile=False,
            publication__in=Publication.objects.public(),
        )
        .order_by("member_id", F("publication__year").desc(nulls_last=True), "-publication_id")
        .values_list("member_id", "publication_id", "publication__title", "publication__abstract")
    )
    scored, read = defaultdict(list), Counter()
    for member_id, publication_id, title, abstract in rows:
        read[member_id] += 1
        if read[member_id] > RELEVANT_AMONG:
            continue
        title_terms, text_terms = set(folded_terms(title)), set(folded_terms(abstract))
        score = sum(
            weight * (2 * (term in title_terms) + (term in text_terms))
            for term, weight in terms.items()
        )
        if score:
            scored[member_id].append((-score, publication_id))
    for member_id, candidates in scored.items():
        found[member_id] = [pk for _score, pk in sorted(candidates)[:RELEVANT_PUBLICATIONS]]
    shown = Publication.objects.using(using).only(*SHOWN_OF_A_PUBLICATION)
    publications = shown.in_bulk([pk for ids in found.values() for pk in ids])
    # A paper deleted between the two reads is left out, as the directory leaves out a member.
    return {
        member_id: [publications[pk] for pk in ids if pk in publications]
        for member_id, ids in found.items()
    }


def find_experts(text: str, *, limit: int = SHOWN, using: str = "default") -> ExpertSearch:
    """The members whose expertise best matches `text`, with the topics and publications that
    show it. A fixed number of queries, whatever the text's length."""
    text, was_cut = cut(text)
    search = ExpertSearch(text=text, was_cut=was_cut)
    if not search.asked:
        return search
    query = query_terms(text, using=using)
    search.terms = query.weights
    ranked = ranked_members(search.terms, limit=limit, using=using)
    members = (
        Member.objects.using(using).public().filter(pk__in=[pk for pk, _s in ranked]).as_cards()
    ).in_bulk()
    relevant = relevant_publications(list(members), search.terms, using=using)
    for member_id, score in ranked:
        if member_id not in members:
            continue
        member = members[member_id]
        search.experts.append(
            Expert(
                member=member,
                score=score,
                topics=[
                    topic
                    for topic in member.card_topics
                    if query.topics.named(topic.pk, query.mentioned)
                ],
                publications=relevant.get(member_id, []),
            )
        )
    return search

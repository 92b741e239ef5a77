"""Research topics' names as terms, for the expert finder: which topics a text names, and
the other language's name of each, so that "apprentissage par renforcement" also looks for
"reinforcement learning". Names seldom change: they are parsed once and read again only when
the topics' fingerprint changes."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections

from members.models import ResearchTopic

from .terms import is_postgresql, terms_of_texts


@dataclass
class TopicNames:
    """The terms of each language's name of the research topics a text mentions, and how rare
    each term is."""

    names: dict[int, tuple[frozenset, frozenset]]
    rarity: dict[str, float] = field(default_factory=dict)

    def terms(self) -> set[str]:
        return {term for names in self.names.values() for name in names for term in name}

    def bridges(self, terms) -> set[str]:
        """The other language's name of every topic named in full by `terms`."""
        added = set()
        for french, english in self.names.values():
            if french and french <= terms:
                added |= english
            if english and english <= terms:
                added |= french
        return added - terms

    def named(self, topic_id: int, terms) -> bool:
        """Whether `terms` hold most of the topic's name in either language, rare words
        counting more: "apprentissage" alone does not name "Apprentissage profond"."""
        for name in self.names.get(topic_id, ()):
            total = sum(self.rarity.get(term, 1.0) for term in name)
            found = sum(self.rarity.get(term, 1.0) for term in name & terms)
            if name and found * 2 > total:
                return True
        return False


# The terms of topic names parsed before, by database and text: names seldom change, and
# parsing a thousand of them on every request would cost more than the ranking.
_NAME_TERMS: dict[tuple[str, str], frozenset] = {}
_NAME_TERMS_KEPT = 50_000


def name_terms(texts: list[str], *, using: str) -> list[frozenset]:
    database = connections[using].settings_dict["NAME"]
    missing = sorted({text for text in texts if (database, text) not in _NAME_TERMS})
    if missing:
        if len(_NAME_TERMS) > _NAME_TERMS_KEPT:
            _NAME_TERMS.clear()
        for text, counts in zip(missing, terms_of_texts(missing, using=using), strict=True):
            _NAME_TERMS[database, text] = frozenset(counts)
    return [_NAME_TERMS[database, text] for text in texts]


# A fingerprint of every topic's names, one short value PostgreSQL computes: the topics are
# read and parsed again only when it changes (reading 500 of them on each request cost 4 ms).
# Each name quoted (NULL unquoted), so that no two sets of names read alike.
TOPICS_FINGERPRINT = f"""
    SELECT md5(coalesce(string_agg(
        id || ' ' || quote_nullable(name_fr) || ' ' || quote_nullable(name_en), ' ' ORDER BY id
    ), ''))
    FROM {ResearchTopic._meta.db_table}
"""


@dataclass(frozen=True)
class _ParsedTopics:
    names: dict[int, tuple[frozenset, frozenset]]
    by_term: dict[str, frozenset]


# database -> (fingerprint, its topics parsed), on PostgreSQL.
_PARSED_TOPICS: dict[str, tuple[str, _ParsedTopics]] = {}


def _parsed_topics(using: str) -> _ParsedTopics:
    database, fingerprint = connections[using].settings_dict["NAME"], None
    if is_postgresql(using):
        with connections[using].cursor() as cursor:
            cursor.execute(TOPICS_FINGERPRINT)
            fingerprint = cursor.fetchone()[0]
        kept = _PARSED_TOPICS.get(database)
        if kept is not None and kept[0] == fingerprint:
            return kept[1]
    topics = list(ResearchTopic.objects.using(using).values_list("pk", "name_fr", "name_en"))
    parsed = name_terms([text or "" for _pk, *names in topics for text in names], using=using)
    names, by_term = {}, defaultdict(set)
    for index, (pk, *_names) in enumerate(topics):
        names[pk] = (parsed[2 * index], parsed[2 * index + 1])
        for term in names[pk][0] | names[pk][1]:
            by_term[term].add(pk)
    result = _ParsedTopics(names, {term: frozenset(pks) for term, pks in by_term.items()})
    if fingerprint is not None:
        _PARSED_TOPICS[database] = (fingerprint, result)
    return result


def topic_names(terms: set[str], *, using: str) -> TopicNames:
    """The names of the topics that share a term with `terms`."""
    parsed = _parsed_topics(using)
    found = set().union(*(parsed.by_term.get(term, ()) for term in terms))
    return TopicNames({pk: parsed.names[pk] for pk in found})

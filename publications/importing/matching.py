"""Linking an author list to members' profiles: by the identifiers a source gives, then by
the name as written."""

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from core.identifiers import AUTHOR_IDENTIFIERS, display_author_name, normalise_author_id
from core.text import fold
from members.models import IDENTIFIER_CONFIRMED, Member


def _name_words(name: str) -> list[str]:
    """A name's folded words, no punctuation or dblp number: "J.-P. Dupont 0001" -> j p dupont."""
    return _WORD.findall(fold(display_author_name(name)))


_WORD = re.compile(r"[^\W_]+")


def _same_given_names(written: list[str], given: list[str]) -> bool:
    """ "j p" or "jean" or "jean pierre marie" as written for "jean pierre"; "paul" is not."""
    if not written or not given:
        return False
    for one, other in zip(written, given, strict=False):
        short, long = sorted((one, other), key=len)
        if not (one == other or (len(short) == 1 and long.startswith(short))):
            return False
    return True


# The author identifiers sources give, and the member profile field that holds each one.


class MemberNames:
    """Members by the identifiers and names authors are written with, for linking an author
    list to profiles.

    An ORCID iD, DBLP pid or OpenAlex id the source gives decides first, when staff confirmed
    it on the member's profile: one a member typed themselves links nothing. Otherwise
    "Sébastien Tavenas", "Sebastien Tavenas", "S. Tavenas" and "Sébastien P. Tavenas" all find
    the member Sébastien Tavenas, provided no other member could be meant.

    Members are read as names come, never all of them: `prepare()` reads in one query the
    members a batch of names and identifiers may mean (by the folded sort name's index), and
    a name not prepared is looked up when first asked about.
    """

    def __init__(self, members):
        self._members = members.only(
            "pk", "given_name", "family_name", *AUTHOR_IDENTIFIERS, *IDENTIFIER_CONFIRMED.values()
        )
        self._by_full_name = defaultdict(list)
        self._by_last_word = defaultdict(list)
        self._by_identifier = {kind: {} for kind in AUTHOR_IDENTIFIERS}
        self._known: set[int] = set()
        # Each member's folded family and given name words, worked out once.
        self._parts: dict[int, tuple[list[str], list[str]]] = {}
        # What candidates() found per written name, until more members are read.
        self._found: dict[str, list[Member]] = {}
        self._asked_prefixes: set[str] = set()
        self._asked_ids = {kind: set() for kind in AUTHOR_IDENTIFIERS}

    def add(self, member: Member) -> None:
        if member.pk in self._known:
            return
        self._known.add(member.pk)
        self._found.clear()
        for kind, value in member.confirmed_identifiers().items():
            self._by_identifier[kind][value] = member
        self._by_full_name[" ".join(_name_words(member.full_name))].append(member)
        family, given = _name_words(member.family_name), _name_words(member.given_name)
        self._parts[member.pk] = (family, given)
        if family:
            self._by_last_word[family[-1]].append(member)

    def prepare(self, names: Iterable[str] = (), identifiers: Iterable[dict] = ()) -> None:
        """Read the members that `names` (as written) and author `identifiers` may mean."""
        prefixes = {prefix for name in names for prefix in _sort_name_prefixes(name)}
        prefixes -= self._asked_prefixes
        wanted = {kind: set() for kind in AUTHOR_IDENTIFIERS}
        for given in identifiers:
            for kind in AUTHOR_IDENTIFIERS:
                value = normalise_author_id(kind, (given or {}).get(kind))
                if value and value not in self._asked_ids[kind]:
                    wanted[kind].add(value)
        if not prefixes and not any(wanted.values()):
            return
        self._asked_prefixes |= prefixes
        # Apart, not OR-ed: each condition then uses its own index (an OR of an unindexed
        # identifier with the names would read every member).
        conditions = []
        for kind, values in wanted.items():
            self._asked_ids[kind] |= values
            if values:
                # The condition of the unique index on confirmed identifiers, which serves it.
                confirmed = Q(**{IDENTIFIER_CONFIRMED[kind]: True}) & ~Q(**{kind: ""})
                conditions.append(Q(**{f"{kind}__in": values}) & confirmed)
        prefixes = sorted(prefixes)
        for start in range(0, len(prefixes), PREFIXES_PER_QUERY):
            chunk = Q()
            for prefix in prefixes[start : start + PREFIXES_PER_QUERY]:
                chunk |= Q(sort_name__startswith=prefix)
            conditions.append(chunk)
        for condition in conditions:
            for member in self._members.filter(condition):
                self.add(member)

    def candidates(self, name: str) -> list[Member]:
        """Every member `name` may be written for: the exact spelling wins over initials."""
        self.prepare([name])
        if (found := self._found.get(name)) is not None:
            return list(found)
        words = _name_words(name)
        if not words:
            return []
        found = self._by_full_name.get(" ".join(words)) or [
            m
            for m in self._by_last_word.get(words[-1], [])
            if _written_for(words, *self._parts[m.pk])
        ]
        self._found[name] = found
        return list(found)

    def find(self, name: str) -> Member | None:
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def with_identifiers(self, identifiers: dict) -> tuple[Member | None, dict]:
        """The member whose profile carries one of `identifiers`, confirmed, and the evidence
        (which identifier); (None, {}) when none does."""
        self.prepare(identifiers=[identifiers])
        for kind in AUTHOR_IDENTIFIERS:
            value = normalise_author_id(kind, (identifiers or {}).get(kind))
            if value and (member := self._by_identifier[kind].get(value)):
                return member, {"by": kind, "value": value, "confirmed": True}
        return None, {}


# Conditions per query when reading the members a batch of names may mean.
PREFIXES_PER_QUERY = 300
# How a one-letter word joins the next in a family name: d'Alembert, O’Brien, Ó Briain…
_JOINS = ("'", "’", " ", "-", "")


def _sort_name_prefixes(name: str) -> set[str]:
    """The starts of the sort names (folded "family given") of every member `name` may be
    written for: a family name is a run of the written words, so it starts with one of them."""
    words = _name_words(name)
    prefixes = set()
    for position, word in enumerate(words):
        if len(word) > 1:
            prefixes.add(word)
        elif position + 1 < len(words):
            prefixes.update(f"{word}{join}{words[position + 1]}" for join in _JOINS)
    return prefixes


def _written_for(words: list[str], family: list[str], given: list[str]) -> bool:
    """Whether `words` (a name as written) may be the member of `family` and `given` names."""
    if len(words) <= len(family) or words[-len(family) :] != family:
        return False
    return _same_given_names(words[: -len(family)], given)


def link_authors(
    names: MemberNames,
    authors: list[str],
    *,
    member: Member | None,
    author_ids: list[dict] | None = None,
    disclaimed: frozenset[int] = frozenset(),
) -> tuple[list[Member | None], list[str], list[dict]]:
    """The member written at each position (or None), the names several members could be, and
    at each position the evidence for staff: how the member was found, or who it could be.

    An identifier the source gives for the author (ORCID iD, DBLP pid, OpenAlex id) and that
    staff confirmed decides first; then the name, when one member only has it. `member`, whose
    list is being imported, is taken wherever they are one of the candidates. A member appears
    once per paper; a second position that names them stays unlinked. The members of
    `disclaimed` said the paper is not theirs: they are never linked.
    """
    author_ids = author_ids or []
    linked, ambiguous, evidence, seen = [], [], [], set()
    for position, name in enumerate(authors):
        identified, why = names.with_identifiers(
            author_ids[position] if position < len(author_ids) else {}
        )
        if identified is not None:
            found = [identified]
        else:
            found, why = names.candidates(name), {"by": "name", "name": name}
        found = [m for m in found if m.pk not in disclaimed]
        if member is not None and member in found:
            found, why = [member], {**why, "list": True}
        if len(found) > 1:
            ambiguous.append(name)
            why = {"by": "name", "name": name, "candidates": [m.pk for m in found]}
        one = found[0] if len(found) == 1 and found[0].pk not in seen else None
        if one is not None:
            seen.add(one.pk)
        linked.append(one)
        evidence.append(why if one is not None or "candidates" in why else {})
    return linked, ambiguous, evidence

"""Admin searches that stay fast on a million publications and three million authorships: an
identifier exactly (through its unique index), words through the full-text index of titles
and abstracts and the trigram index of members' names, never a LIKE over every row."""

from functools import reduce
from operator import or_

from django.db.models import Q

from core.database import IdArray, is_postgresql
from core.identifiers import (
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)
from members.models import Member

from ..models import Authorship, Publication
from ..search import RANKED_MATCHES, ranked_text_search

IDENTIFIERS = (
    ("doi", normalise_doi),
    ("arxiv_id", normalise_arxiv_id),
    ("openalex_id", normalise_openalex_id),
    ("dblp_key", normalise_dblp_key),
)


def identifier_condition(term: str, prefix: str = "") -> Q | None:
    """Publications whose DOI, arXiv id, OpenAlex id or DBLP key is `term`, if it reads as
    one."""
    conditions = [
        Q(**{f"{prefix}{field}": value})
        for field, normalise in IDENTIFIERS
        if (value := normalise(term.strip()))
    ]
    return reduce(or_, conditions) if conditions else None


def titled_ids(term: str) -> list[int]:
    """Up to RANKED_MATCHES publications whose title or abstract has every word of `term`."""
    read = []  # on PostgreSQL the search reads the ranked ids itself
    ranked = ranked_text_search(Publication.objects.all(), term, found=read.append)
    return read[0] if read else list(ranked.values_list("pk", flat=True))


# Members a name search reads as ids: a common name ("Wang") names thousands, and a list of
# ids lets the planner count them (from the trigram index it guessed 19 for 1,965, and joined
# their 60,000 authorships before keeping 50). The publications' search passes them as one
# array (IdArray), which the planner counts as well: Django wrote the 1,965 ids of "Mwangi"
# into each of the list's statements, 27 ms each, against 10 ms. The authorships' search keeps
# the members as a list: a name's authorships are 2% of them, which the planner finds walking
# the newest first, where from an array it read all 60,000 of "Mwangi" and sorted them.
NAMED_MEMBERS = 10_000


def named_members(term: str) -> list[int]:
    named = Member.objects.named(term).rewrite(False)  # ids: no translated fields to fill
    return list(named.values_list("pk", flat=True)[:NAMED_MEMBERS])


def search_publications(queryset, term: str):
    """`queryset` narrowed to `term`: an identifier, or words of the title, the abstract or a
    member author's name. PostgreSQL only; None elsewhere (the admin's own search serves)."""
    identifier = identifier_condition(term)
    if identifier is not None:
        return queryset.filter(identifier)
    if not is_postgresql(queryset):
        return None
    ids = set(titled_ids(term))
    if members := named_members(term):
        authored = Authorship.objects.filter(member__in=IdArray(members)).order_by()
        ids.update(authored.values_list("publication_id", flat=True)[:RANKED_MATCHES])
    return queryset.filter(pk__in=IdArray(ids))


def search_authorships(queryset, term: str):
    """Authorships of the publications `term` finds, or of the members it names. The found
    publications are one array: their few thousand authors, sorted once read (4 ms for the
    1,001 of "learning"), where from a list the planner walked the newest authorships for
    them (540 ms)."""
    identifier = identifier_condition(term, prefix="publication__")
    if identifier is not None:
        return queryset.filter(identifier)
    if not is_postgresql(queryset):
        return None
    found = Q(publication_id__in=IdArray(titled)) if (titled := titled_ids(term)) else Q()
    if named := named_members(term):
        found |= Q(member__in=named)
    return queryset.filter(found) if found else queryset.none()

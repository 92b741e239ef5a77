"""What lists, pages, feeds, exports and the API show of a publication's authors, read for all
the publications a query yields in one query of plain rows.

As model instances (an authorship and its member each, through a prefetch), the 66 authors of
a page of 20 publications cost 4.0 ms; as rows, 3.3 (docs/performance.md). Each publication's
`authorships.all()` answers with them, in order, as it answers with a prefetch's instances;
`authorships.filter(...)` and the rest still ask the database for models."""

import functools
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections

from core.database import Attaching
from members.models import Member


@dataclass(frozen=True, slots=True)
class ListedMember:
    """The member an author is, as far as a list links to them."""

    pk: int
    slug: str
    is_published: bool

    # The profile's address, as the member's own model writes it from the slug.
    get_absolute_url = Member.get_absolute_url


@dataclass(frozen=True, slots=True)
class ListedAuthorship:
    """One author of a publication as printed: the name as the source gave it, its place in
    the list, and the member it is, if any (whether the paper is hidden from their profile or
    featured on it)."""

    pk: int
    publication_id: int
    position: int
    name: str
    member_id: int | None
    member: ListedMember | None
    hidden_from_profile: bool
    featured: bool


def attach_authors(publications, using) -> None:
    """Each of `publications` given its authorships, in order, read for all of them at once."""
    if not publications:
        return
    relation = type(publications[0]).authorships.rel
    model, cache_name = relation.related_model, relation.cache_name
    ids = [publication.pk for publication in publications]
    listed = defaultdict(list)
    with connections[using].cursor() as cursor:
        cursor.execute(authors_sql(model, len(ids)), ids)
        rows = cursor.fetchall()
    for pk, paper_id, position, name, member_id, slug, published, hidden, featured in rows:
        member = None if member_id is None else ListedMember(member_id, slug, bool(published))
        listed[paper_id].append(
            ListedAuthorship(
                pk, paper_id, position, name, member_id, member, bool(hidden), bool(featured)
            )
        )
    for publication in publications:
        # The publication's own authorships, as Django's prefetch keeps them: filtered on
        # the publication, so that `authorships.filter(...)` stays within it.
        found = publication.authorships.all()
        found._result_cache = listed.get(publication.pk, [])
        found._prefetch_done = True
        if not hasattr(publication, "_prefetched_objects_cache"):
            publication._prefetched_objects_cache = {}
        publication._prefetched_objects_cache[cache_name] = found


@functools.lru_cache(maxsize=128)
def authors_sql(authorship, count: int) -> str:
    """The authorships of `count` publications in order, with what ListedAuthorship holds:
    written once per number of publications, not built by the ORM for each page (0.4 ms)."""
    field = authorship._meta.get_field
    member = field("member").related_model
    paper = field("publication").column
    columns = [
        *(f'a."{field(name).column}"' for name in ("id", "publication", "position", "name")),
        f'a."{field("member").column}"',
        *(f'm."{member._meta.get_field(name).column}"' for name in ("slug", "is_published")),
        *(f'a."{field(name).column}"' for name in ("hidden_from_profile", "featured")),
    ]
    return (
        f'SELECT {", ".join(columns)} FROM "{authorship._meta.db_table}" AS a '
        f'LEFT JOIN "{member._meta.db_table}" AS m ON m."id" = a."{field("member").column}" '
        f'WHERE a."{paper}" IN ({", ".join(["%s"] * count)}) ORDER BY a."{paper}", a."position"'
    )


class WithAuthors(Attaching):
    """Publications as a queryset yields them, each with its authorships read for all of them
    (for `iterator()`, for each of its chunks)."""

    attach = staticmethod(attach_authors)

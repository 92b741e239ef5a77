"""The stored publications an import compares its entries with."""

import copy
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q

from core.text import ascii_slug

from ..models import Publication, title_key
from .records import UNIQUE_IDENTIFIERS, PublicationEntry, clean_entry

# Slugs tried per query when the plain one is taken ("title-2" … "title-11").
SLUG_CANDIDATES = 10


class KnownPublications:
    """The stored publications the entries of one batch may describe, found with one indexed
    query per batch (by identifier and by folded title, never by reading every publication),
    and kept up to date as the batch writes."""

    def __init__(self):
        self.begin([])

    def begin(self, entries: Iterable[PublicationEntry]):
        """Forget the previous batch and look up what `entries` may match: the publications
        with one of their identifiers or titles, and the slugs their titles would take."""
        self.by_identifier: dict[str, dict[str, int]] = {name: {} for name in UNIQUE_IDENTIFIERS}
        self.by_title: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
        self.slugs: set[str] = set()
        identifiers = {name: set() for name in UNIQUE_IDENTIFIERS}
        titles, bases = set(), set()
        for entry in entries:
            try:
                # As the import will clean it: the same normalised identifiers and title.
                cleaned = clean_entry(copy.copy(entry))
            except ValidationError:
                continue
            for name in UNIQUE_IDENTIFIERS:
                if value := getattr(cleaned, name):
                    identifiers[name].add(value)
            titles.add(title_key(cleaned.title))
            bases.add(_slug_base(cleaned.title))
        if not titles:
            return
        # Each identifier's condition repeats its unique index's own (not empty), so that
        # PostgreSQL uses the partial index whatever the number of values.
        matches = Q(title_key__in=titles)
        for name, values in identifiers.items():
            if values:
                matches |= Q(**{f"{name}__in": values}) & ~Q(**{name: ""})
        rows = (
            Publication.objects.filter(matches)
            .order_by(*Publication._meta.ordering, "pk")
            .values_list("pk", "title", "year", *UNIQUE_IDENTIFIERS)
        )
        for pk, title, year, *values in rows:
            self._add(pk, title, year, values)
        self.slugs.update(Publication.objects.filter(slug__in=bases).values_list("slug", flat=True))

    def _add(self, pk, title, year, identifiers):
        for name, value in zip(UNIQUE_IDENTIFIERS, identifiers, strict=True):
            if value:
                self.by_identifier[name].setdefault(value, pk)
        entries = self.by_title[title_key(title)]
        if (pk, year) not in entries:
            entries.append((pk, year))

    def remember(self, publication: Publication):
        self._add(
            publication.pk,
            publication.title,
            publication.year,
            [getattr(publication, name) for name in UNIQUE_IDENTIFIERS],
        )
        self.slugs.add(publication.slug)

    def find(self, entry: PublicationEntry) -> int | None:
        """The pk of the stored publication `entry` describes, rejected ones included: same
        DOI, else arXiv id, else DBLP key, else OpenAlex id, else title and year."""
        for name in UNIQUE_IDENTIFIERS:
            value = getattr(entry, name)
            if value and (found := self.by_identifier[name].get(value)):
                return found
        for pk, year in self.by_title.get(title_key(entry.title), ()):
            if year is None or entry.year is None or year == entry.year:
                return pk
        return None

    def pks(self) -> set[int]:
        """Every stored publication the batch may describe."""
        found = {pk for by_value in self.by_identifier.values() for pk in by_value.values()}
        return found | {pk for entries in self.by_title.values() for pk, _year in entries}

    def holder(self, name: str, value: str) -> int | None:
        return self.by_identifier[name].get(value)

    def new_slug(self, title: str) -> str:
        """A slug no publication has, from `title`: "title", else "title-2", "title-3"…"""
        base = _slug_base(title)
        if base not in self.slugs:
            self.slugs.add(base)
            return base
        start = 2
        while True:
            candidates = [f"{base}-{n}" for n in range(start, start + SLUG_CANDIDATES)]
            self.slugs.update(
                Publication.objects.filter(slug__in=candidates).values_list("slug", flat=True)
            )
            if free := next((slug for slug in candidates if slug not in self.slugs), None):
                self.slugs.add(free)
                return free
            start += SLUG_CANDIDATES


def _slug_base(title: str) -> str:
    return ascii_slug(title, max_length=114) or "x"

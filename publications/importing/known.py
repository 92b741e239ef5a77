"""The stored publications an import compares its entries with."""

from collections import defaultdict

from core.text import ascii_slug, fold

from ..models import Publication
from .records import UNIQUE_IDENTIFIERS, PublicationEntry


class KnownPublications:
    """The stored publications by identifier and by folded title, read once per import so that
    matching an entry costs no query; kept up to date as the import writes."""

    def __init__(self):
        # What was added since `begin()`, so that a batch replayed entry by entry starts afresh.
        self.journal: list[tuple] = []
        self.by_identifier: dict[str, dict[str, int]] = {name: {} for name in UNIQUE_IDENTIFIERS}
        self.by_title: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
        rows = Publication.objects.order_by(*Publication._meta.ordering).values_list(
            "pk", "title", "year", *UNIQUE_IDENTIFIERS
        )
        for pk, title, year, *identifiers in rows:
            self._add(pk, title, year, identifiers)
        self.slugs = set(Publication.objects.values_list("slug", flat=True))

    def begin(self):
        self.journal = []

    def undo(self):
        """Forget what was added since `begin()`."""
        for kind, *args in reversed(self.journal):
            if kind == "identifier":
                name, value = args
                del self.by_identifier[name][value]
            elif kind == "title":
                self.by_title[args[0]].pop()
            else:
                self.slugs.discard(args[0])
        self.journal = []

    def _add_slug(self, slug: str):
        if slug not in self.slugs:
            self.slugs.add(slug)
            self.journal.append(("slug", slug))

    def _add(self, pk, title, year, identifiers):
        for name, value in zip(UNIQUE_IDENTIFIERS, identifiers, strict=True):
            if value and value not in self.by_identifier[name]:
                self.by_identifier[name][value] = pk
                self.journal.append(("identifier", name, value))
        key = fold(title)
        entries = self.by_title[key]
        if (pk, year) not in entries:
            entries.append((pk, year))
            self.journal.append(("title", key))

    def remember(self, publication: Publication):
        self._add(
            publication.pk,
            publication.title,
            publication.year,
            [getattr(publication, name) for name in UNIQUE_IDENTIFIERS],
        )
        self._add_slug(publication.slug)

    def find(self, entry: PublicationEntry) -> int | None:
        """The pk of the stored publication `entry` describes, rejected ones included: same
        DOI, else arXiv id, else DBLP key, else OpenAlex id, else title and year."""
        for name in UNIQUE_IDENTIFIERS:
            value = getattr(entry, name)
            if value and (found := self.by_identifier[name].get(value)):
                return found
        for pk, year in self.by_title.get(fold(entry.title), ()):
            if year is None or entry.year is None or year == entry.year:
                return pk
        return None

    def holder(self, name: str, value: str) -> int | None:
        return self.by_identifier[name].get(value)

    def new_slug(self, title: str) -> str:
        base = ascii_slug(title, max_length=114) or "x"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self._add_slug(slug)
        return slug

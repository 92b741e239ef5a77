"""Writes that touch several rows: bringing publications in (the demo uses the same path)."""

import copy
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.history import current_reason, current_user, recorded_as
from members.models import Member, ResearchTopic
from members.text import ascii_slug, fold

from .abstracts import MAX_ABSTRACT_LENGTH, shortened_abstract
from .identifiers import (
    display_author_name,
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)
from .models import (
    Authorship,
    Publication,
    PublicationKind,
    Release,
    ReleaseSource,
    ReviewStatus,
)

logger = logging.getLogger(__name__)

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")
# Kinds of a paper's final, published form: they take over from a preprint's.
PUBLISHED_KINDS = (
    PublicationKind.JOURNAL_ARTICLE,
    PublicationKind.CONFERENCE_PAPER,
    PublicationKind.BOOK,
    PublicationKind.BOOK_CHAPTER,
)

# Fields an import may fill in on an existing publication when they are empty there.
MERGEABLE_FIELDS = (
    "abstract",
    "year",
    "publication_date",
    "venue",
    "doi",
    "arxiv_id",
    "dblp_key",
    "openalex_id",
    "url",
    "pdf_url",
    "code_url",
)
# Identifiers one publication only may carry: never copied onto a second record of a paper.
UNIQUE_IDENTIFIERS = ("doi", "arxiv_id", "dblp_key", "openalex_id")


@dataclass
class PublicationEntry:
    """One publication as a source describes it, before it is matched and stored."""

    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    year: int | None = None
    publication_date: date | None = None
    venue: str = ""
    kind: str = PublicationKind.OTHER
    doi: str = ""
    arxiv_id: str = ""
    dblp_key: str = ""
    openalex_id: str = ""
    url: str = ""
    pdf_url: str = ""
    code_url: str = ""
    topics: list[str] = field(default_factory=list)
    authors_complete: bool = True
    # Parallel to `authors`: what the source knows of each author, such as
    # {"orcid": "0000-0002-1825-0097", "dblp_pid": "23/7512", "openalex_id": "A5023888391"}.
    author_ids: list[dict] = field(default_factory=list)
    # Which kind of file or service described it (a ReleaseSource value).
    source: str = ReleaseSource.MANUAL


@dataclass
class ImportReport:
    """What an import did, entry by entry, for the command's output and the admin's message."""

    created: list[Publication] = field(default_factory=list)
    merged: list[Publication] = field(default_factory=list)
    unchanged: list[Publication] = field(default_factory=list)
    # Of the publications above, each one that now waits for staff review (once, however many
    # entries described it).
    pending: list[Publication] = field(default_factory=list)
    pending_pks: set[int] = field(default_factory=set, repr=False)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (publication title, author name) pairs that several members could be: left for staff.
    ambiguous_authors: list[tuple[str, str]] = field(default_factory=list)
    # (publication title, what the import changed in its entry), such as an abstract shortened.
    notes: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "merged": len(self.merged),
            "unchanged": len(self.unchanged),
            "pending": len(self.pending),
            "skipped": len(self.skipped),
        }

    def lines(self, *, unreadable: list[tuple[str, str]] = ()) -> list[str]:
        """The report as the commands print it; `unreadable` are entries no reader could parse."""
        skipped = [*unreadable, *self.skipped]
        counts = {**self.summary(), "skipped": len(skipped)}
        return [
            ", ".join(f"{what} {count}" for what, count in counts.items()),
            *(f"  skipped {label}: {reason}" for label, reason in skipped),
            *(
                f"  not linked, several members match “{name}” in {title}"
                for title, name in self.ambiguous_authors
            ),
            *(f"  note on {title}: {note}" for title, note in self.notes),
        ]


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
AUTHOR_IDENTIFIERS = ("orcid", "dblp_pid", "openalex_id")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_OPENALEX_AUTHOR = re.compile(r"(A\d{4,12})$", re.IGNORECASE)


def normalise_author_id(kind: str, value) -> str:
    """An author identifier as member profiles store it: `https://orcid.org/0000-…` ->
    `0000-…`, `https://openalex.org/A5023888391` -> `A5023888391`; "" when unusable."""
    value = str(value or "").strip()
    if kind == "orcid":
        match = _ORCID.search(value)
        return match.group(1).upper() if match else ""
    if kind == "openalex_id":
        match = _OPENALEX_AUTHOR.search(value)
        return match.group(1).upper() if match else ""
    if kind == "dblp_pid":
        return value.removeprefix("https://dblp.org/pid/").removesuffix(".xml").strip("/")
    return ""


class MemberNames:
    """Members by the identifiers and names authors are written with, for linking an author
    list to profiles.

    An ORCID iD, DBLP pid or OpenAlex id the source gives decides first. Otherwise
    "Sébastien Tavenas", "Sebastien Tavenas", "S. Tavenas" and "Sébastien P. Tavenas" all find
    the member Sébastien Tavenas, provided no other member could be meant.
    """

    def __init__(self, members: Iterable[Member]):
        self._by_full_name = defaultdict(list)
        self._by_last_word = defaultdict(list)
        self._by_identifier = {kind: {} for kind in AUTHOR_IDENTIFIERS}
        for member in members:
            for kind in AUTHOR_IDENTIFIERS:
                if value := getattr(member, kind, ""):
                    self._by_identifier[kind][value] = member
            self._by_full_name[" ".join(_name_words(member.full_name))].append(member)
            family = _name_words(member.family_name)
            if family:
                self._by_last_word[family[-1]].append(member)

    def candidates(self, name: str) -> list[Member]:
        """Every member `name` may be written for: the exact spelling wins over initials."""
        words = _name_words(name)
        if not words:
            return []
        exact = self._by_full_name.get(" ".join(words))
        if exact:
            return list(exact)
        return [m for m in self._by_last_word.get(words[-1], []) if _written_for(words, m)]

    def find(self, name: str) -> Member | None:
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None

    def with_identifiers(self, identifiers: dict) -> Member | None:
        """The member whose profile carries one of `identifiers`, or None."""
        for kind in AUTHOR_IDENTIFIERS:
            value = normalise_author_id(kind, (identifiers or {}).get(kind))
            if value and (member := self._by_identifier[kind].get(value)):
                return member
        return None


def _written_for(words: list[str], member: Member) -> bool:
    family = _name_words(member.family_name)
    if len(words) <= len(family) or words[-len(family) :] != family:
        return False
    return _same_given_names(words[: -len(family)], _name_words(member.given_name))


def find_existing(entry: PublicationEntry) -> Publication | None:
    """The stored publication this entry describes, rejected ones included: same DOI, else
    arXiv id, else DBLP key, else OpenAlex id, else title and year."""
    for name in UNIQUE_IDENTIFIERS:
        value = getattr(entry, name)
        if value and (found := Publication.objects.filter(**{name: value}).first()):
            return found
    for candidate in Publication.objects.filter(title__iexact=entry.title.strip()):
        if fold(candidate.title) == fold(entry.title) and (
            candidate.year is None or entry.year is None or candidate.year == entry.year
        ):
            return candidate
    return None


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
        """The pk of the publication `entry` describes, with the rules of `find_existing`."""
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


def _clean_entry(entry: PublicationEntry) -> PublicationEntry:
    entry.title = " ".join(entry.title.split())
    if not entry.title:
        raise ValidationError("the entry has no title")
    entry.doi = normalise_doi(entry.doi)
    entry.arxiv_id = normalise_arxiv_id(entry.arxiv_id)
    entry.dblp_key = normalise_dblp_key(entry.dblp_key)
    entry.openalex_id = normalise_openalex_id(entry.openalex_id)
    entry.abstract = shortened_abstract(entry.abstract or "")
    if arxiv_doi := _ARXIV_DOI.match(entry.doi):
        # arXiv's DOI only repeats the arXiv id; the DOI field is kept for the published version.
        entry.arxiv_id = entry.arxiv_id or normalise_arxiv_id(arxiv_doi.group(1))
        entry.doi = ""
    identifiers = list(entry.author_ids or [])
    identifiers += [{}] * (len(entry.authors) - len(identifiers))
    kept = [(n, i) for n, i in zip(entry.authors, identifiers, strict=False) if n.strip()]
    entry.authors = [display_author_name(name) for name, _ids in kept]
    entry.author_ids = [ids or {} for _name, ids in kept]
    if entry.source not in ReleaseSource.values:
        entry.source = ReleaseSource.MANUAL
    if entry.kind not in PublicationKind.values:
        entry.kind = PublicationKind.OTHER
    return entry


def _link_authors(
    names: MemberNames,
    authors: list[str],
    *,
    member: Member | None,
    author_ids: list[dict] | None = None,
) -> tuple[list[Member | None], list[str]]:
    """The member written at each position (or None), and the names several members could be.

    An identifier the source gives for the author (ORCID iD, DBLP pid, OpenAlex id) decides
    first; then the name. `member`, whose list is being imported, is taken wherever they are
    one of the candidates. A member appears once per paper; a second position that names them
    stays unlinked.
    """
    author_ids = author_ids or []
    linked, ambiguous, seen = [], [], set()
    for position, name in enumerate(authors):
        identified = names.with_identifiers(
            author_ids[position] if position < len(author_ids) else {}
        )
        found = [identified] if identified is not None else names.candidates(name)
        if member is not None and member in found:
            found = [member]
        if len(found) > 1:
            ambiguous.append(name)
        one = found[0] if len(found) == 1 and found[0].pk not in seen else None
        if one is not None:
            seen.add(one.pk)
        linked.append(one)
    return linked, ambiguous


def _author_list(
    entry: PublicationEntry, *, member: Member | None, names: MemberNames, report: ImportReport
) -> tuple[list[tuple[str, Member | None]], bool]:
    """The (name, member) list to store for `entry`, and whether it is complete."""
    linked, ambiguous = _link_authors(
        names, entry.authors, member=member, author_ids=entry.author_ids
    )
    report.ambiguous_authors.extend((entry.title, name) for name in ambiguous)
    authors = list(zip(entry.authors, linked, strict=True))
    complete = entry.authors_complete and bool(authors)
    if member is not None and member not in linked:
        # The member's own list names them even when the source's author list does not.
        authors.append((member.full_name, member))
        complete = False
    return authors, complete


class _BatchFailed(Exception):
    """The rows a batch deferred could not be written: the batch is replayed entry by entry."""


class PendingHistory:
    """History rows of what an import batch created, written in one INSERT per model when the
    batch is done instead of one (plus a topics query) per save.

    With `defer_rows`, the authorships and releases of new publications wait too, and
    `flush()` writes them in one INSERT per model: at the end of the batch, or before an entry
    that merges into a publication they belong to."""

    def __init__(self, *, defer_rows: bool = False):
        self.rows: dict[type, list] = defaultdict(list)
        self.count = 0
        self.defer_rows = defer_rows
        self.authorships: list[Authorship] = []
        self.releases: list[Release] = []
        # The publications whose authorships or releases wait for `flush()`.
        self.publications: set[int] = set()

    def create_rows(self, publication, authorships: list, release: Release):
        """Write the authorships (history pending) and the release of a new publication, now
        or, when deferring, at `flush()`."""
        if self.defer_rows:
            self.authorships.extend(authorships)
            self.releases.append(release)
            self.publications.add(publication.pk)
            return
        self.add(Authorship, Authorship.objects.bulk_create(authorships))
        release.save()

    def flush(self):
        """Write the deferred authorships and releases; `_BatchFailed` if the database refuses
        them (the batch's transaction is then unusable and must be rolled back)."""
        if not (self.authorships or self.releases):
            return
        try:
            created = Authorship.objects.bulk_create(self.authorships, batch_size=1000)
            Release.objects.bulk_create(self.releases, batch_size=1000)
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError as error:
            raise _BatchFailed(str(error)) from error
        self.add(Authorship, created)
        self.authorships, self.releases = [], []
        self.publications.clear()

    def saving(self, instance):
        """Save `instance` without its history row, which waits for `write()`."""
        instance.skip_history_when_saving = True
        try:
            instance.save()
        finally:
            del instance.skip_history_when_saving
        self.add(type(instance), [instance])

    def add(self, model, instances: list):
        now = timezone.now()
        for instance in instances:
            instance._history_date = now
        self.rows[model].extend(instances)
        self.count += len(instances)

    def mark(self) -> tuple[dict[type, int], int, int]:
        return (
            {model: len(rows) for model, rows in self.rows.items()},
            len(self.authorships),
            len(self.releases),
        )

    def forget_since(self, mark: tuple[dict[type, int], int, int]):
        """Drop what an entry rolled back to its savepoint had added."""
        history, authorships, releases = mark
        for model, rows in self.rows.items():
            del rows[history.get(model, 0) :]
        del self.authorships[authorships:]
        del self.releases[releases:]

    def write(self):
        for model, rows in self.rows.items():
            if rows:
                model.history.bulk_history_create(
                    rows, default_user=current_user(), default_change_reason=current_reason()
                )
        self.rows.clear()


def _write_authorships(
    publication: Publication, authors: list[tuple[str, Member | None]], *, replace: bool = True
):
    if replace:
        publication.authorships.all().delete()
    bulk_create_with_history(
        [
            Authorship(publication=publication, position=position, name=name, member=found)
            for position, (name, found) in enumerate(authors, start=1)
        ],
        Authorship,
        default_user=current_user(),
        default_change_reason=current_reason(),
    )


def _version_family(kind: str) -> str:
    """Preprint, published, or the kind itself: two versions of one family are one release."""
    if kind == PublicationKind.PREPRINT:
        return "preprint"
    return "published" if kind in PUBLISHED_KINDS else kind


def _same_version(release: Release, entry: PublicationEntry) -> bool:
    """Whether `entry` describes `release` (the same preprint, the same conference paper…)
    rather than another version of the paper."""
    if release.doi and entry.doi:
        return release.doi == entry.doi
    # A kind nobody knows ("other") is taken for whichever version it appears with.
    if PublicationKind.OTHER not in (release.kind, entry.kind) and _version_family(
        release.kind
    ) != _version_family(entry.kind):
        return False
    if release.arxiv_id and entry.arxiv_id and release.kind == entry.kind:
        return release.arxiv_id == entry.arxiv_id
    return release.year is None or entry.year is None or release.year == entry.year


def _release_date(entry: PublicationEntry) -> date | None:
    date_ = entry.publication_date
    return date_ if date_ and entry.year in (None, date_.year) else None


def _new_release(publication: Publication, entry: PublicationEntry) -> Release:
    release = Release(
        publication=publication,
        kind=entry.kind,
        venue=entry.venue[:300],
        year=entry.year,
        date=_release_date(entry),
        doi=entry.doi,
        arxiv_id=entry.arxiv_id,
        url=entry.url,
        source=entry.source,
    )
    # What Release.save() does, for the releases an import writes with bulk_create.
    release.doi = normalise_doi(release.doi) or release.doi
    release.arxiv_id = normalise_arxiv_id(release.arxiv_id) or release.arxiv_id
    if release.date and release.year is None:
        release.year = release.date.year
    return release


def _record_release(publication: Publication, entry: PublicationEntry) -> bool:
    """Add `entry` to the releases of `publication`: a new release when it is another version,
    else the known release completed. Whether anything changed."""
    releases = list(publication.releases.all())
    release = next((r for r in releases if entry.doi and r.doi == entry.doi), None) or next(
        (r for r in releases if _same_version(r, entry)), None
    )
    if release is None:
        _new_release(publication, entry).save()
        return True
    changed = []
    for name, value in (
        ("venue", entry.venue[:300]),
        ("year", entry.year),
        ("date", _release_date(entry)),
        ("doi", entry.doi),
        ("arxiv_id", entry.arxiv_id),
        ("url", entry.url),
    ):
        if not value or getattr(release, name):
            continue
        if name == "date" and release.year not in (None, value.year):
            continue
        if name == "doi" and any(r.doi == value for r in releases):
            continue
        setattr(release, name, value)
        changed.append(name)
    if changed:
        release.save(update_fields=changed)
    return bool(changed)


def _create(
    entry: PublicationEntry,
    *,
    member,
    names,
    report,
    status,
    known: KnownPublications,
    history: PendingHistory,
) -> Publication:
    authors, complete = _author_list(entry, member=member, names=names, report=report)
    publication = Publication(
        title=entry.title,
        authors_complete=complete,
        kind=entry.kind,
        review_status=status,
        **{
            name: getattr(entry, name) or Publication._meta.get_field(name).get_default()
            for name in MERGEABLE_FIELDS
        },
    )
    # clean() gives the friendly messages; the database enforces the constraints again without
    # the one query per constraint that validate_constraints would cost on every entry.
    publication.slug = known.new_slug(publication.title)
    publication.full_clean(exclude=["slug"], validate_constraints=False)
    if entry.topics:
        # Topics are kept in the history of each version: saved the usual way.
        publication.save()
        _write_authorships(publication, authors, replace=False)
        publication.topics.set(ResearchTopic.objects.filter(slug__in=entry.topics))
        history.create_rows(publication, [], _new_release(publication, entry))
    else:
        history.saving(publication)
        history.create_rows(
            publication,
            [
                Authorship(publication=publication, position=position, name=name, member=found)
                for position, (name, found) in enumerate(authors, start=1)
            ],
            _new_release(publication, entry),
        )
    return publication


def _complete(
    existing: Publication, entry: PublicationEntry, *, known: KnownPublications
) -> list[str]:
    """Fill in what `existing` lacks from `entry`; the names of the fields that changed."""
    changed = []
    if existing.kind == PublicationKind.PREPRINT and entry.kind in PUBLISHED_KINDS:
        # The published version describes the paper: its kind, venue and date replace the
        # preprint's (which its release keeps); the arXiv id stays.
        existing.kind = entry.kind
        changed.append("kind")
        if entry.venue and entry.venue != existing.venue:
            existing.venue = entry.venue
            changed.append("venue")
        if entry.year and (entry.year, entry.publication_date) != (
            existing.year,
            existing.publication_date,
        ):
            existing.year, existing.publication_date = entry.year, entry.publication_date
            changed.append("year")
    elif existing.kind == PublicationKind.OTHER and entry.kind != PublicationKind.OTHER:
        existing.kind = entry.kind
        changed.append("kind")
    for name in MERGEABLE_FIELDS:
        value = getattr(entry, name)
        if not value or getattr(existing, name):
            continue
        if name == "publication_date" and existing.year not in (None, value.year):
            continue
        if name in UNIQUE_IDENTIFIERS and known.holder(name, value) not in (None, existing.pk):
            continue  # Another publication has it: two records of one paper, left for staff.
        setattr(existing, name, value)
        changed.append(name)
    return changed


def _merge_authors(existing: Publication, entry, *, member, names, report) -> bool:
    """Bring `existing`'s author list up to date with `entry`; whether anything changed."""
    authorships = list(existing.authorships.select_related("member"))
    current = [(a.name, a.member) for a in authorships]
    if entry.authors and entry.authors_complete and not existing.authors_complete:
        # A complete list replaces a partial one; members already linked stay linked.
        authors, complete = _author_list(entry, member=member, names=names, report=report)
        linked = {found.pk for _name, found in authors if found is not None}
        for name, found in current:
            if found is not None and found.pk not in linked:
                position = next(
                    (
                        index
                        for index, (written, linked_to) in enumerate(authors)
                        if linked_to is None and found in names.candidates(written)
                    ),
                    None,
                )
                if position is None:
                    authors.append((name, found))
                    complete = False
                else:
                    authors[position] = (authors[position][0], found)
        if authors == current and complete == existing.authors_complete:
            return False
        _write_authorships(existing, authors)
        existing.authors_complete = complete
        return True
    if member is None or any(found == member for _name, found in current):
        return False
    unlinked = [a for a in authorships if a.member_id is None]
    match = next((a for a in unlinked if member in names.candidates(a.name)), None)
    if match is not None:
        match.member = member
        match.save(update_fields=["member"])
    else:
        Authorship.objects.create(
            # Staff may have left gaps in the positions; the member goes after the last one.
            publication=existing,
            position=max((a.position for a in authorships), default=0) + 1,
            name=member.full_name,
            member=member,
        )
        existing.authors_complete = False
    return True


def _store(
    entry: PublicationEntry,
    *,
    member: Member | None,
    names: MemberNames,
    report: ImportReport,
    status: str,
    known: KnownPublications,
    history: PendingHistory,
) -> tuple[Publication | None, str]:
    """Write one entry; the publication it created or touched, and what happened to it."""
    existing_pk = known.find(entry)
    if existing_pk is None:
        created = _create(
            entry,
            member=member,
            names=names,
            report=report,
            status=status,
            known=known,
            history=history,
        )
        return created, "created"
    existing = Publication.objects.get(pk=existing_pk)
    if existing.review_status == ReviewStatus.REJECTED:
        # Staff said no once: the paper stays out, whichever source brings it back.
        return None, "rejected"
    changed = _complete(existing, entry, known=known)
    if existing.review_status == ReviewStatus.PENDING and status == ReviewStatus.APPROVED:
        # A file staff chose to approve vouches for the papers a harvest left waiting.
        existing.review_status = ReviewStatus.APPROVED
        changed.append("review_status")
    if _merge_authors(existing, entry, member=member, names=names, report=report):
        changed.append("authors")
    if _record_release(existing, entry):
        changed.append("releases")
    new_topics = entry.topics and set(entry.topics) - set(
        existing.topics.values_list("slug", flat=True)
    )
    if new_topics:
        existing.topics.add(*ResearchTopic.objects.filter(slug__in=new_topics))
        changed.append("topics")
    if changed:
        existing.full_clean(exclude=["slug"], validate_constraints=False)
        existing.save()
        return existing, "merged"
    return existing, "unchanged"


# Entries per transaction: each one still has its own savepoint.
IMPORT_BATCH_SIZE = 500


class ImportInterrupted(RuntimeError):
    """The database went away during an import: the run stops instead of skipping every entry."""


def _import_one(entry, *, member, names, report, status, known, history):
    """Store one entry in its own savepoint and note the outcome in `report`."""
    label = (getattr(entry, "title", "") or "").strip()[:120] or "(untitled)"
    ambiguous_before, history_before = len(report.ambiguous_authors), None
    over_long = len(getattr(entry, "abstract", "") or "") > MAX_ABSTRACT_LENGTH
    try:
        entry = _clean_entry(entry)
        if history.publications and known.find(entry) in history.publications:
            # A merge reads the authorships and releases of the publication it completes:
            # written first, outside the entry's savepoint so that its failure keeps them.
            history.flush()
        history_before = history.mark()
        with transaction.atomic():
            publication, outcome = _store(
                entry,
                member=member,
                names=names,
                report=report,
                status=status,
                known=known,
                history=history,
            )
    except ValidationError as error:
        del report.ambiguous_authors[ambiguous_before:]
        if history_before is not None:
            history.forget_since(history_before)
        reasons = "; ".join(
            f"{key}: {' '.join(msgs)}" if key != "__all__" else " ".join(msgs)
            for key, msgs in getattr(error, "message_dict", {"__all__": error.messages}).items()
        )
        report.skipped.append((label, reasons))
        return
    except (OperationalError, InterfaceError):
        raise  # The connection is gone: no further entry can be written.
    except DatabaseError as error:
        del report.ambiguous_authors[ambiguous_before:]
        if history_before is not None:
            history.forget_since(history_before)
        logger.warning("Import of %r failed: %s", label, error)
        report.skipped.append((label, str(error)))
        return
    if publication is None:
        report.skipped.append((entry.title[:120], _("rejected earlier")))
        return
    # Only once the entry is written for good: a rolled-back entry leaves no trace.
    known.remember(publication)
    getattr(report, outcome).append(publication)
    if over_long:
        report.notes.append(
            (
                label,
                _("abstract shortened to its first %(count)d characters")
                % {"count": MAX_ABSTRACT_LENGTH},
            )
        )
    if (
        publication.review_status == ReviewStatus.PENDING
        and publication.pk not in report.pending_pks
    ):
        report.pending.append(publication)
        report.pending_pks.add(publication.pk)


def _report_mark(report: ImportReport) -> dict[str, int]:
    names = ("created", "merged", "unchanged", "pending", "skipped", "ambiguous_authors", "notes")
    return {name: len(getattr(report, name)) for name in names}


def _report_undo(report: ImportReport, mark: dict[str, int]):
    """Forget what `report` noted since `_report_mark`."""
    for publication in report.pending[mark["pending"] :]:
        report.pending_pks.discard(publication.pk)
    for name, length in mark.items():
        del getattr(report, name)[length:]


@recorded_as("import")
def import_publications(
    *,
    entries: Iterable[PublicationEntry],
    member: Member | None = None,
    status: str = ReviewStatus.APPROVED,
) -> ImportReport:
    """Store `entries`, one publication per paper: new ones are created, known ones completed,
    and each version a source describes (preprint, conference paper…) kept as a release.

    Each entry is written in its own savepoint; a bad entry is skipped with its reason and
    never stops the others, while a lost database connection stops the import
    (`ImportInterrupted`). `member`, when given, is the member whose list this is. New
    publications get the review `status` (harvests pass pending); a paper staff rejected
    earlier is skipped, never recreated.
    """
    if status not in (ReviewStatus.APPROVED, ReviewStatus.PENDING):
        raise ValueError(f"an import stores approved or pending publications, not {status!r}")
    report = ImportReport()
    names = MemberNames(Member.objects.only("pk", "given_name", "family_name", *AUTHOR_IDENTIFIERS))
    known = KnownPublications()
    entries, read = iter(entries), 0

    def store_batch(batch, *, defer_rows: bool):
        nonlocal read
        # A batch is one transaction with a savepoint per entry, so that the history rows
        # written at its end commit with the entries they describe.
        with transaction.atomic():
            history = PendingHistory(defer_rows=defer_rows)
            for entry in batch:
                read += 1
                _import_one(
                    # Cleaning changes the entry: a replayed batch starts from the original.
                    copy.copy(entry) if defer_rows else entry,
                    member=member,
                    names=names,
                    report=report,
                    status=status,
                    known=known,
                    history=history,
                )
            history.flush()
            history.write()

    try:
        while batch := list(itertools.islice(entries, IMPORT_BATCH_SIZE)):
            read_before, report_before = read, _report_mark(report)
            known.begin()
            try:
                # New publications' authorships and releases in one INSERT each per batch.
                store_batch(batch, defer_rows=True)
            except _BatchFailed as error:
                # Some entry's rows were refused: nothing of the batch was kept. Entry by
                # entry, as the bad one is then skipped alone.
                logger.info("Import batch replayed entry by entry: %s", error)
                read = read_before
                _report_undo(report, report_before)
                known.undo()
                store_batch(batch, defer_rows=False)
    except (OperationalError, InterfaceError) as error:
        raise ImportInterrupted(
            f"The import stopped at entry {read}: the database cannot be reached "
            f"({str(error).strip()}). The entries of its batch (up to {IMPORT_BATCH_SIZE}) were "
            "not kept; import the file again once the database is back."
        ) from error
    return report


def review_publications(*, publications, status: str) -> int:
    """Approve or reject `publications` (a queryset) in one go; how many changed status.

    A rejected publication is kept, identifiers and all, so that imports recognise it later.
    """
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    changed, now = list(publications.exclude(review_status=status)), timezone.now()
    for publication in changed:
        publication.review_status, publication.updated_at = status, now
    # One UPDATE, and one history row per publication.
    bulk_update_with_history(
        changed,
        Publication,
        ["review_status", "updated_at"],
        default_user=current_user(),
        default_change_reason=current_reason() or "review",
    )
    return len(changed)

"""Writes that touch several rows: bringing publications in (the demo uses the same path)."""

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.history import current_reason, current_user, recorded_as
from members.models import Member, ResearchTopic
from members.text import fold

from .identifiers import (
    display_author_name,
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)
from .models import Authorship, Publication, PublicationKind, ReviewStatus

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

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "merged": len(self.merged),
            "unchanged": len(self.unchanged),
            "pending": len(self.pending),
            "skipped": len(self.skipped),
        }


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


class MemberNames:
    """Members by the names authors are written with, for linking an author list to profiles.

    "Sébastien Tavenas", "Sebastien Tavenas", "S. Tavenas" and "Sébastien P. Tavenas" all find
    the member Sébastien Tavenas, provided no other member could be meant.
    """

    def __init__(self, members: Iterable[Member]):
        self._by_full_name = defaultdict(list)
        self._by_last_word = defaultdict(list)
        for member in members:
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


def _clean_entry(entry: PublicationEntry) -> PublicationEntry:
    entry.title = " ".join(entry.title.split())
    if not entry.title:
        raise ValidationError("the entry has no title")
    entry.doi = normalise_doi(entry.doi)
    entry.arxiv_id = normalise_arxiv_id(entry.arxiv_id)
    entry.dblp_key = normalise_dblp_key(entry.dblp_key)
    entry.openalex_id = normalise_openalex_id(entry.openalex_id)
    if arxiv_doi := _ARXIV_DOI.match(entry.doi):
        # arXiv's DOI only repeats the arXiv id; the DOI field is kept for the published version.
        entry.arxiv_id = entry.arxiv_id or normalise_arxiv_id(arxiv_doi.group(1))
        entry.doi = ""
    entry.authors = [display_author_name(name) for name in entry.authors if name.strip()]
    if entry.kind not in PublicationKind.values:
        entry.kind = PublicationKind.OTHER
    return entry


def _link_authors(
    names: MemberNames, authors: list[str], *, member: Member | None
) -> tuple[list[Member | None], list[str]]:
    """The member written at each position (or None), and the names several members could be.

    `member`, whose list is being imported, is taken wherever they are one of the candidates.
    A member appears once per paper; a second position that names them stays unlinked.
    """
    linked, ambiguous, seen = [], [], set()
    for name in authors:
        found = names.candidates(name)
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
    linked, ambiguous = _link_authors(names, entry.authors, member=member)
    report.ambiguous_authors.extend((entry.title, name) for name in ambiguous)
    authors = list(zip(entry.authors, linked, strict=True))
    complete = entry.authors_complete and bool(authors)
    if member is not None and member not in linked:
        # The member's own list names them even when the source's author list does not.
        authors.append((member.full_name, member))
        complete = False
    return authors, complete


def _write_authorships(publication: Publication, authors: list[tuple[str, Member | None]]):
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


def _create(entry: PublicationEntry, *, member, names, report, status) -> Publication:
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
    publication.full_clean(exclude=["slug"], validate_constraints=False)
    publication.save()
    _write_authorships(publication, authors)
    if entry.topics:
        publication.topics.set(ResearchTopic.objects.filter(slug__in=entry.topics))
    return publication


def _complete(existing: Publication, entry: PublicationEntry) -> list[str]:
    """Fill in what `existing` lacks from `entry`; the names of the fields that changed."""
    changed = []
    if existing.kind == PublicationKind.PREPRINT and entry.kind in PUBLISHED_KINDS:
        # The published version describes the paper: its kind, venue and date replace the
        # preprint's; the arXiv id stays.
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
        if name in UNIQUE_IDENTIFIERS and (
            Publication.objects.filter(**{name: value}).exclude(pk=existing.pk).exists()
        ):
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
    unlinked = existing.authorships.filter(member=None)
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


def _store(entry: PublicationEntry, *, member: Member | None, names: MemberNames, report, status):
    existing = find_existing(entry)
    if existing is None:
        created = _create(entry, member=member, names=names, report=report, status=status)
        report.created.append(created)
        if created.review_status == ReviewStatus.PENDING:
            report.pending.append(created)
            report.pending_pks.add(created.pk)
        return
    if existing.review_status == ReviewStatus.REJECTED:
        # Staff said no once: the paper stays out, whichever source brings it back.
        report.skipped.append((entry.title[:120], _("rejected earlier")))
        return
    changed = _complete(existing, entry)
    if existing.review_status == ReviewStatus.PENDING and status == ReviewStatus.APPROVED:
        # A file staff chose to approve vouches for the papers a harvest left waiting.
        existing.review_status = ReviewStatus.APPROVED
        changed.append("review_status")
    if _merge_authors(existing, entry, member=member, names=names, report=report):
        changed.append("authors")
    new_topics = set(entry.topics) - set(existing.topics.values_list("slug", flat=True))
    if new_topics:
        existing.topics.add(*ResearchTopic.objects.filter(slug__in=new_topics))
        changed.append("topics")
    if changed:
        existing.full_clean(exclude=["slug"], validate_constraints=False)
        existing.save()
        report.merged.append(existing)
    else:
        report.unchanged.append(existing)
    if existing.review_status == ReviewStatus.PENDING and existing.pk not in report.pending_pks:
        report.pending.append(existing)
        report.pending_pks.add(existing.pk)


@recorded_as("import")
def import_publications(
    *,
    entries: Iterable[PublicationEntry],
    member: Member | None = None,
    status: str = ReviewStatus.APPROVED,
) -> ImportReport:
    """Store `entries`, one publication per paper: new ones are created, known ones completed.

    Each entry is written in its own transaction; a bad entry is skipped with its reason and
    never stops the others. `member`, when given, is the member whose list this is. New
    publications get the review `status` (harvests pass pending); a paper staff rejected
    earlier is skipped, never recreated.
    """
    if status not in (ReviewStatus.APPROVED, ReviewStatus.PENDING):
        raise ValueError(f"an import stores approved or pending publications, not {status!r}")
    report = ImportReport()
    names = MemberNames(Member.objects.only("pk", "given_name", "family_name"))
    for entry in entries:
        label = (getattr(entry, "title", "") or "").strip()[:120] or "(untitled)"
        try:
            with transaction.atomic():
                _store(
                    _clean_entry(entry), member=member, names=names, report=report, status=status
                )
        except ValidationError as error:
            reasons = "; ".join(
                f"{key}: {' '.join(msgs)}" if key != "__all__" else " ".join(msgs)
                for key, msgs in getattr(error, "message_dict", {"__all__": error.messages}).items()
            )
            report.skipped.append((label, reasons))
        except DatabaseError as error:
            logger.warning("Import of %r failed: %s", label, error)
            report.skipped.append((label, str(error)))
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

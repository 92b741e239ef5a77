"""Writes that touch several rows: bringing publications in (the demo uses the same path)."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from members.models import Member, ResearchTopic
from members.text import fold

from .identifiers import display_author_name, normalise_arxiv_id, normalise_doi
from .models import Authorship, Publication, PublicationKind

logger = logging.getLogger(__name__)

# Fields an import may fill in on an existing publication when they are empty there.
MERGEABLE_FIELDS = (
    "abstract",
    "year",
    "publication_date",
    "venue",
    "doi",
    "arxiv_id",
    "url",
    "pdf_url",
    "code_url",
)


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
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "merged": len(self.merged),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
        }


class MemberNames:
    """Members by accent-folded full name, for linking author names; ambiguous names stay out."""

    def __init__(self, members: Iterable[Member]):
        by_name = defaultdict(list)
        for member in members:
            by_name[member.search_name].append(member)
        self._unique = {name: found[0] for name, found in by_name.items() if len(found) == 1}

    def find(self, name: str) -> Member | None:
        return self._unique.get(fold(display_author_name(name)))


def find_existing(entry: PublicationEntry) -> Publication | None:
    """The stored publication this entry describes: same DOI, else arXiv id, else title+year."""
    if entry.doi and (found := Publication.objects.filter(doi=entry.doi).first()):
        return found
    if entry.arxiv_id and (found := Publication.objects.filter(arxiv_id=entry.arxiv_id).first()):
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
    entry.authors = [display_author_name(name) for name in entry.authors if name.strip()]
    if entry.kind not in PublicationKind.values:
        entry.kind = PublicationKind.OTHER
    return entry


def _store(entry: PublicationEntry, *, member: Member | None, names: MemberNames, report):
    existing = find_existing(entry)
    if existing is None:
        publication = Publication(
            title=entry.title,
            authors_complete=entry.authors_complete,
            kind=entry.kind,
            **{
                name: getattr(entry, name) or Publication._meta.get_field(name).get_default()
                for name in MERGEABLE_FIELDS
            },
        )
        publication.full_clean(exclude=["slug"])
        publication.save()
        authors = list(entry.authors)
        linked = [names.find(name) for name in authors]
        if member is not None and member not in linked:
            # The member's own list names them even when the source's author list does not.
            authors.append(member.full_name)
            linked.append(member)
            publication.authors_complete = False
            publication.save(update_fields=["authors_complete"])
        authorships, seen = [], set()
        for position, (name, found) in enumerate(zip(authors, linked, strict=True), start=1):
            # A member appears once per paper; a second identical name stays unlinked.
            if found is not None and found.pk in seen:
                found = None
            if found is not None:
                seen.add(found.pk)
            authorships.append(
                Authorship(publication=publication, position=position, name=name, member=found)
            )
        Authorship.objects.bulk_create(authorships)
        publication.topics.set(ResearchTopic.objects.filter(slug__in=entry.topics))
        report.created.append(publication)
        return

    changed = [
        name for name in MERGEABLE_FIELDS if getattr(entry, name) and not getattr(existing, name)
    ]
    for name in changed:
        setattr(existing, name, getattr(entry, name))
    if member is not None and not existing.authorships.filter(member=member).exists():
        unlinked = existing.authorships.filter(member=None)
        match = next((a for a in unlinked if names.find(a.name) == member), None)
        if match is not None:
            match.member = member
            match.save(update_fields=["member"])
            changed.append("authors")
    new_topics = set(entry.topics) - set(existing.topics.values_list("slug", flat=True))
    if new_topics:
        existing.topics.add(*ResearchTopic.objects.filter(slug__in=new_topics))
        changed.append("topics")
    if changed:
        existing.full_clean(exclude=["slug"])
        existing.save()
        report.merged.append(existing)
    else:
        report.unchanged.append(existing)


def import_publications(
    *, entries: Iterable[PublicationEntry], member: Member | None = None
) -> ImportReport:
    """Store `entries`, one publication per paper: new ones are created, known ones completed.

    Each entry is written in its own transaction; a bad entry is skipped with its reason and
    never stops the others. `member`, when given, is the member whose list this is.
    """
    report = ImportReport()
    names = MemberNames(Member.objects.only("pk", "search_name", "given_name", "family_name"))
    for entry in entries:
        label = (getattr(entry, "title", "") or "").strip()[:120] or "(untitled)"
        try:
            with transaction.atomic():
                _store(_clean_entry(entry), member=member, names=names, report=report)
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

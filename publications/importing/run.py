"""One import: entries from a file or a source stored as publications, one per paper.

An `ImportRun` owns what a run needs — the member whose list it is, the review status of new
publications, the report, the members by name and identifier, the stored publications it
compares with, and the rows its current batch writes in bulk — so that each step is a method
that reads them, not a function with six keyword arguments.
"""

import copy
import itertools
import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils.translation import gettext as _

from core.history import recorded_as
from core.text import clean_text
from members.models import Member, ResearchTopic

from ..abstracts import MAX_ABSTRACT_LENGTH
from ..models import Authorship, Disclaimer, Publication, ReviewStatus
from .known import KnownPublications
from .matching import MemberNames, link_authors
from .merge import complete_fields, curated_differences, plan_authors, write_plan
from .records import MERGEABLE_FIELDS, PublicationEntry, clean_entry
from .releases import new_release, record_release
from .report import ImportReport
from .rows import BatchFailed, PendingRows, write_authorships
from .suggestions import author_changes, field_changes, propose_link, stored, suggest

logger = logging.getLogger(__name__)

# Entries per transaction: each one still has its own savepoint.
IMPORT_BATCH_SIZE = 500


class ImportInterrupted(RuntimeError):
    """The database went away during an import: the run stops instead of skipping every entry.
    `entry` is the number of the entry it stopped at."""

    def __init__(self, message: str, *, entry: int):
        super().__init__(message)
        self.entry = entry

    def nothing_saved_message(self) -> str:
        """What staff read when the import ran as one transaction (the admin's and the
        command's are): none of it was kept."""
        return _(
            "The import stopped at entry %(entry)d: the database cannot be reached. Nothing was "
            "saved; import the file again once the database is back."
        ) % {"entry": self.entry}


class ImportRun:
    """Stores entries as publications, batch by batch, and reports what it did."""

    def __init__(
        self,
        *,
        member: Member | None = None,
        status: str = ReviewStatus.APPROVED,
        progress: Callable[[int], None] | None = None,
    ):
        if status not in (ReviewStatus.APPROVED, ReviewStatus.PENDING):
            raise ValueError(f"an import stores approved or pending publications, not {status!r}")
        self.member = member
        self.status = status
        self.report = ImportReport()
        self.names = MemberNames(Member.objects.all())
        if member is not None:
            self.names.add(member)
        # Why the list is `member`'s, for the evidence of the links it makes.
        self._list_evidence = {"by": "member list"}
        # A member the entries may be of, through an identifier staff have not confirmed:
        # proposed for review, never linked.
        self.proposed_member: Member | None = None
        self.proposal_evidence: dict = {}
        # The members who disclaimed each publication of the batch.
        self._disclaimed: dict[int, set[int]] = {}
        self.known = KnownPublications()
        self.rows = PendingRows()
        self.read = 0
        # Told how many entries were read after each batch: a job's progress and heartbeat.
        self.progress = progress

    def as_list_of(self, member: Member, *, confirmed: bool, evidence: dict):
        """The entries run next are `member`'s list, as a source gave it for the identifier
        `evidence` names: linked to them when staff confirmed it, else only proposed."""
        self.names.add(member)
        if confirmed:
            self.member, self.proposed_member = member, None
            self._list_evidence = {"by": "member list", **evidence, "confirmed": True}
        else:
            self.member, self.proposed_member = None, member
            self.proposal_evidence = {"by": "member list", **evidence, "confirmed": False}

    def list_evidence(self, entry: PublicationEntry) -> dict:
        return {**self._list_evidence, "source": entry.source}

    def disclaimed(self, publication_pk: int) -> frozenset[int]:
        """The members who said the publication is not theirs."""
        return frozenset(self._disclaimed.get(publication_pk, ()))

    def _begin(self, batch: list[PublicationEntry]):
        """Look up what `batch` may match: stored publications, and who disclaimed them."""
        self.known.begin(batch)
        self._disclaimed = {}
        if pks := self.known.pks():
            for publication, member in Disclaimer.objects.filter(publication__in=pks).values_list(
                "publication", "member"
            ):
                self._disclaimed.setdefault(publication, set()).add(member)

    # --- The run, batch by batch -----------------------------------------------------------

    @recorded_as("import")
    def run(self, entries: Iterable[PublicationEntry]) -> ImportReport:
        entries = iter(entries)
        try:
            while batch := list(itertools.islice(entries, IMPORT_BATCH_SIZE)):
                read_before, report_before = self.read, self.report.mark()
                # The stored publications this batch may describe, and the members its
                # authors may be, in a few indexed queries.
                self._begin(batch)
                self.names.prepare(
                    (name for entry in batch for name in entry.authors),
                    (ids for entry in batch for ids in entry.author_ids),
                )
                try:
                    # New publications' authorships and releases in one INSERT each per batch.
                    self._store_batch(batch, defer_rows=True)
                except BatchFailed as error:
                    # Some entry's rows were refused: nothing of the batch was kept. Entry by
                    # entry, as the bad one is then skipped alone.
                    logger.info("Import batch replayed entry by entry: %s", error)
                    self.read = read_before
                    self.report.undo(report_before)
                    self._begin(batch)
                    self._store_batch(batch, defer_rows=False)
                if self.progress is not None:
                    self.progress(self.read)
        except (OperationalError, InterfaceError) as error:
            raise ImportInterrupted(
                f"The import stopped at entry {self.read}: the database cannot be reached "
                f"({str(error).strip()}). The entries of its batch (up to {IMPORT_BATCH_SIZE}) "
                "were not kept; import the file again once the database is back.",
                entry=self.read,
            ) from error
        return self.report

    def _store_batch(self, batch: list[PublicationEntry], *, defer_rows: bool):
        # A batch is one transaction with a savepoint per entry, so that the history rows
        # written at its end commit with the entries they describe.
        with transaction.atomic():
            self.rows = PendingRows(defer_rows=defer_rows)
            for entry in batch:
                self.read += 1
                # Cleaning changes the entry: a replayed batch starts from the original.
                self._import_one(copy.copy(entry) if defer_rows else entry)
            self.rows.flush()
            self.rows.write()

    def _import_one(self, entry: PublicationEntry):
        """Store one entry in its own savepoint and note the outcome in the report."""
        report, rows = self.report, self.rows
        label = clean_text(getattr(entry, "title", "") or "")[:120] or "(untitled)"
        ambiguous_before, rows_before = len(report.ambiguous_authors), None
        over_long = len(getattr(entry, "abstract", "") or "") > MAX_ABSTRACT_LENGTH
        try:
            entry = clean_entry(entry)
            if rows.publications and self.known.find(entry) in rows.publications:
                # A merge reads the authorships and releases of the publication it completes:
                # written first, outside the entry's savepoint so that its failure keeps them.
                rows.flush()
            rows_before = rows.mark()
            with transaction.atomic():
                publication, outcome = self._store(entry)
        except (OperationalError, InterfaceError):
            raise  # The connection is gone: no further entry can be written.
        except (ValidationError, DatabaseError) as error:
            del report.ambiguous_authors[ambiguous_before:]
            if rows_before is not None:
                rows.forget_since(rows_before)
            if isinstance(error, ValidationError):
                reason = "; ".join(
                    f"{key}: {' '.join(msgs)}" if key != "__all__" else " ".join(msgs)
                    for key, msgs in getattr(
                        error, "message_dict", {"__all__": error.messages}
                    ).items()
                )
            else:
                logger.warning("Import of %r failed: %s", label, error)
                reason = str(error)
            report.skipped.append((label, reason))
            return
        if publication is None:
            report.skipped.append((entry.title[:120], _("rejected earlier")))
            return
        # Only once the entry is written for good: a rolled-back entry leaves no trace.
        self.known.remember(publication)
        report.note(outcome, publication)
        report.notes.extend((label, note) for note in entry.cleaning_notes)
        if over_long:
            report.notes.append(
                (
                    label,
                    _("abstract shortened to its first %(count)d characters")
                    % {"count": MAX_ABSTRACT_LENGTH},
                )
            )

    # --- One entry --------------------------------------------------------------------------

    def _store(self, entry: PublicationEntry) -> tuple[Publication | None, str]:
        """Write one entry; the publication it created or touched, and what happened to it."""
        existing_pk = self.known.find(entry)
        if existing_pk is None:
            return self._create(entry), "created"
        existing = Publication.objects.get(pk=existing_pk)
        if existing.review_status == ReviewStatus.REJECTED:
            # Staff said no once: the paper stays out, whichever source brings it back.
            return None, "rejected"
        authorships = list(existing.authorships.select_related("member"))
        if existing.review_status == ReviewStatus.APPROVED and self.status == ReviewStatus.PENDING:
            # Visitors see the paper as staff approved it: a harvest only proposes changes.
            return existing, self._propose(existing, authorships, entry)
        curated = curated_differences(existing, entry)
        changed = complete_fields(existing, entry, known=self.known)
        if existing.review_status == ReviewStatus.PENDING and self.status == ReviewStatus.APPROVED:
            # A file staff chose to approve vouches for the papers a harvest left waiting.
            existing.review_status = ReviewStatus.APPROVED
            changed.append("review_status")
        authors = [(a.name, a.member) for a in authorships]
        if plan := plan_authors(existing, authorships, entry, run=self):
            write_plan(existing, authorships, plan)
            authors = plan.authors
            changed.append("authors")
        if curated:
            # What staff corrected by hand stays; the source's value waits for them.
            values = {
                name: {"current": stored(getattr(existing, name)), "proposed": stored(value)}
                for name in curated
                if (value := getattr(entry, name))
            }
            if suggest(existing, entry, values, reason="curated"):
                self.report.suggested.append(existing)
        if self.proposed_member is not None:
            propose_link(existing, authors, entry, run=self)
        if record_release(existing, entry):
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

    def _propose(self, existing: Publication, authorships: list, entry: PublicationEntry) -> str:
        """Keep what `entry` would change on the approved `existing` as a suggestion."""
        plan = plan_authors(existing, authorships, entry, run=self)
        authors, links = author_changes(authorships, plan)
        changes = {**field_changes(existing, entry, run=self), **authors}
        suggested = suggest(existing, entry, changes, reason="approved", links=links)
        if suggested:
            self.report.suggested.append(existing)
        if self.proposed_member is not None:
            propose_link(existing, [(a.name, a.member) for a in authorships], entry, run=self)
        return "unchanged"

    def _create(self, entry: PublicationEntry) -> Publication:
        authors, complete, evidence = self.author_list(entry)
        publication = Publication(
            title=entry.title,
            authors_complete=complete,
            kind=entry.kind,
            review_status=self.status,
            **{
                name: getattr(entry, name) or Publication._meta.get_field(name).get_default()
                for name in MERGEABLE_FIELDS
            },
        )
        # clean() gives the friendly messages; the database enforces the constraints again
        # without the one query per constraint that validate_constraints would cost.
        publication.slug = self.known.new_slug(publication.title)
        publication.full_clean(exclude=["slug"], validate_constraints=False)
        if entry.topics:
            # Topics are kept in the history of each version: saved the usual way.
            publication.save()
            write_authorships(publication, authors, replace=False, evidence=evidence)
            publication.topics.set(ResearchTopic.objects.filter(slug__in=entry.topics))
            self.rows.create_rows(publication, [], new_release(publication, entry))
        else:
            self.rows.saving(publication)
            self.rows.create_rows(
                publication,
                [
                    Authorship(
                        publication=publication,
                        position=position,
                        name=name,
                        member=found,
                        evidence=why,
                    )
                    for position, ((name, found), why) in enumerate(
                        zip(authors, evidence, strict=True), start=1
                    )
                ],
                new_release(publication, entry),
            )
        if self.proposed_member is not None:
            propose_link(publication, authors, entry, run=self)
        return publication

    def author_list(
        self, entry: PublicationEntry, *, disclaimed: frozenset[int] = frozenset()
    ) -> tuple[list[tuple[str, Member | None]], bool, list[dict]]:
        """The (name, member) list to store for `entry`, whether it is complete, and the
        evidence of each link; the members of `disclaimed` are left out."""
        linked, ambiguous, evidence = link_authors(
            self.names,
            entry.authors,
            member=self.member,
            author_ids=entry.author_ids,
            disclaimed=disclaimed,
        )
        self.report.ambiguous_authors.extend((entry.title, name) for name in ambiguous)
        authors = list(zip(entry.authors, linked, strict=True))
        evidence = [
            # Found by name on the member's own list: the list is the evidence.
            {**self.list_evidence(entry), "name": why["name"]}
            if why.get("list") and "name" in why
            else {**why, "source": entry.source}
            if why
            else {}
            for why in evidence
        ]
        complete = entry.authors_complete and bool(authors)
        member = self.member
        if member is not None and member not in linked and member.pk not in disclaimed:
            # The member's own list names them even when the source's author list does not.
            authors.append((member.full_name, member))
            evidence.append(self.list_evidence(entry))
            complete = False
        return authors, complete, evidence


def import_publications(
    *,
    entries: Iterable[PublicationEntry],
    member: Member | None = None,
    status: str = ReviewStatus.APPROVED,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store `entries`, one publication per paper: new ones are created, known ones completed,
    and each version a source describes (preprint, conference paper…) kept as a release.

    Each entry is written in its own savepoint; a bad entry is skipped with its reason and
    never stops the others, while a lost database connection stops the import
    (`ImportInterrupted`). `member`, when given, is the member whose list this is. New
    publications get the review `status` (harvests pass pending); a paper staff rejected
    earlier is skipped, never recreated. `progress(n)`, if given, is called with the number of
    entries read after each batch.
    """
    return ImportRun(member=member, status=status, progress=progress).run(entries)

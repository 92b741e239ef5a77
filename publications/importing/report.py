"""What an import did, entry by entry."""

from dataclasses import dataclass, field

from ..models import Publication, ReviewStatus


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
    # Publications for which a source brought new values that wait for staff as a suggested
    # change (approved ones, or fields staff corrected by hand).
    suggested: list[Publication] = field(default_factory=list)
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
            *(f"  changes suggested for review: {p.title}" for p in self.suggested),
        ]

    def note(self, outcome: str, publication: Publication) -> None:
        """`publication` was created, merged or left unchanged (`outcome`) by an entry."""
        getattr(self, outcome).append(publication)
        if (
            publication.review_status == ReviewStatus.PENDING
            and publication.pk not in self.pending_pks
        ):
            self.pending.append(publication)
            self.pending_pks.add(publication.pk)

    _MARKED = (
        "created",
        "merged",
        "unchanged",
        "pending",
        "skipped",
        "ambiguous_authors",
        "notes",
        "suggested",
    )

    def mark(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self._MARKED}

    def undo(self, mark: dict[str, int]) -> None:
        """Forget what was noted since `mark()` (a batch replayed entry by entry)."""
        for publication in self.pending[mark["pending"] :]:
            self.pending_pks.discard(publication.pk)
        for name, length in mark.items():
            del getattr(self, name)[length:]

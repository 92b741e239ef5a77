"""The rows an import batch writes in bulk: history rows, and the authorships and releases of
new publications."""

from collections import defaultdict

from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.history import current_reason, current_user
from members.models import Member

from ..models import Authorship, Publication, Release


class BatchFailed(Exception):
    """The rows a batch deferred could not be written: the batch is replayed entry by entry."""


class PendingRows:
    """History rows of what an import batch created, written in one INSERT per model when the
    batch is done instead of one (plus a topics query) per save.

    With `defer_rows`, the authorships and releases of new publications wait too, and
    `flush()` writes them in one INSERT per model: at the end of the batch, or before an entry
    that merges into a publication they belong to."""

    def __init__(self, *, defer_rows: bool = False):
        self.history: dict[type, list] = defaultdict(list)
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
        """Write the deferred authorships and releases; `BatchFailed` if the database refuses
        them (the batch's transaction is then unusable and must be rolled back)."""
        if not (self.authorships or self.releases):
            return
        try:
            created = Authorship.objects.bulk_create(self.authorships, batch_size=1000)
            Release.objects.bulk_create(self.releases, batch_size=1000)
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError as error:
            raise BatchFailed(str(error)) from error
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
        self.history[model].extend(instances)
        self.count += len(instances)

    def mark(self) -> tuple[dict[type, int], int, int]:
        return (
            {model: len(rows) for model, rows in self.history.items()},
            len(self.authorships),
            len(self.releases),
        )

    def forget_since(self, mark: tuple[dict[type, int], int, int]):
        """Drop what an entry rolled back to its savepoint had added."""
        history, authorships, releases = mark
        for model, rows in self.history.items():
            del rows[history.get(model, 0) :]
        del self.authorships[authorships:]
        del self.releases[releases:]

    def write(self):
        for model, rows in self.history.items():
            if rows:
                model.history.bulk_history_create(
                    rows, default_user=current_user(), default_change_reason=current_reason()
                )
        self.history.clear()


def write_authorships(
    publication: Publication,
    authors: list[tuple[str, Member | None]],
    *,
    replace: bool = True,
    evidence: list[dict] | None = None,
):
    """Store `authors` as the author list of `publication`, each with its `evidence` (how its
    member was found), in place of the stored list when `replace`."""
    if replace:
        publication.authorships.all().delete()
    evidence = evidence or []
    bulk_create_with_history(
        [
            Authorship(
                publication=publication,
                position=position,
                name=name,
                member=found,
                evidence=evidence[position - 1] if position <= len(evidence) else {},
            )
            for position, (name, found) in enumerate(authors, start=1)
        ],
        Authorship,
        default_user=current_user(),
        default_change_reason=current_reason(),
    )

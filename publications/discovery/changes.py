"""Which members' expertise a committed change makes stale, noted in one place: a member's
publication state, research topics or authorships, and the title, abstract or visibility of
their publications, whoever writes them (the admin, a member's own page, an import or a
harvest job: each saves its publications).

Receivers only remember ids, without a query; once the transaction commits, one call notes
every member it touched (`jobs.refresh_later`), which queues one computation for all of them.
A change rolled back notes nothing. The nightly computation of every member catches what is
not seen here (a topic renamed, rows written in bulk by commands).
"""

import threading

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from members.models import Member

from ..models import Authorship, Publication

# Past this many publications in one transaction, their authors are looked up in chunks.
CHUNK = 5_000


class PendingChanges(threading.local):
    """The ids a transaction touched so far, on this thread."""

    def __init__(self):
        self.members: set[int] = set()
        self.publications: set[int] = set()
        self.waiting = False

    def note(self, *, members=(), publications=()) -> None:
        if self.waiting and not self._flush_waits():
            # The flush was asked for by the first change noted since the last one, and that
            # change was rolled back: so was every change noted after it.
            self.members, self.publications, self.waiting = set(), set(), False
        self.members.update(pk for pk in members if pk is not None)
        self.publications.update(pk for pk in publications if pk is not None)
        if not self.waiting:
            self.waiting = True
            transaction.on_commit(self.flush)

    def _flush_waits(self) -> bool:
        # Django keeps a transaction's callbacks in `run_on_commit` and drops those of a
        # rolled-back savepoint: then the next note asks again.
        return any(func == self.flush for _ids, func, _robust in connection.run_on_commit)

    def flush(self) -> None:
        from .jobs import refresh_later
        from .network import forget_networks

        members, publications = self.members, sorted(self.publications)
        self.members, self.publications, self.waiting = set(), set(), False
        for start in range(0, len(publications), CHUNK):
            members.update(
                Authorship.objects.filter(
                    publication_id__in=publications[start : start + CHUNK], member__isnull=False
                ).values_list("member_id", flat=True)
            )
        if members:
            forget_networks(members)
            refresh_later(sorted(members))


pending = PendingChanges()


def _member_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        pending.note(members=[instance.pk])


def _authorship_changed(sender, instance, raw=False, **kwargs):
    # The paper's other authors too: their co-author changed (linked, unlinked, hidden).
    if not raw:
        pending.note(members=[instance.member_id], publications=[instance.publication_id])


def _publication_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pending.note(publications=[instance.pk])


def _member_topic_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        pending.note(members=[instance.member_id])


def _member_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # from the topic's side: the members added or removed
        pending.note(members=pk_set or ())
    else:
        pending.note(members=[instance.pk])


def connect_refresh() -> None:
    """Connect the receivers (from the app's `ready()`)."""
    through = Member.research_topics.through
    post_save.connect(_member_saved, sender=Member, dispatch_uid="expertise-member")
    post_save.connect(_authorship_changed, sender=Authorship, dispatch_uid="expertise-authorship")
    post_delete.connect(
        _authorship_changed, sender=Authorship, dispatch_uid="expertise-authorship-deleted"
    )
    post_save.connect(
        _publication_changed, sender=Publication, dispatch_uid="expertise-publication"
    )
    post_save.connect(_member_topic_saved, sender=through, dispatch_uid="expertise-topic")
    post_delete.connect(_member_topic_saved, sender=through, dispatch_uid="expertise-topic-deleted")
    m2m_changed.connect(_member_topics_changed, sender=through, dispatch_uid="expertise-topics")

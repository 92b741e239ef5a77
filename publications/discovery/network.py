"""Whom a member writes with: their co-authors on the publications of their profile that the
viewer may see (the profile's own visibility rule), each with the number of joint publications
and the most recent one. Members are linked to their profiles; other authors go by the name as
printed, spellings that differ only by accents or case counted as one.

The co-authors are counted by the database, and the most recent joint publication is looked
up only for the co-authors a page shows (`with_latest`). That takes 20-40 ms for most members,
but a quarter of a second for one with 3,000 publications at 1,000,000: the networks of members
with NETWORK_AHEAD publications or more are counted ahead for visitors (`refresh_networks`, part
of the discovery job), dropped by any change to their publications (`forget_networks`), and
counted afresh on their page until they are written again. Staff, who also see drafts, are
always counted afresh."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import reset_queries, transaction
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber

from core.access import sees_everything
from core.signals import rows_changed
from core.text import fold
from core.urls import reverse_slug
from members.models import Member

from ..models import Authorship, Publication
from .models import CoAuthorLink, CoAuthorNetwork
from .terms import bulk_delete

# From this many publications on their profile, a member's network is counted ahead.
NETWORK_AHEAD = 100
# Co-authors whose latest joint publication one query looks up (SQLite takes 32,766 values).
LATEST_CHUNK = 1_000


@dataclass
class JointPublication:
    title: str
    slug: str
    year: int | None
    title_language: str
    pk: int | None = None

    def get_absolute_url(self) -> str:
        return reverse_slug("publications:detail", self.slug)


@dataclass
class CoAuthor:
    name: str
    joint_publications: int
    # The co-author's profile, when they are a member the viewer may see.
    member_id: int | None = None
    member_slug: str = ""
    # The names as printed that count as this co-author (who is not a member the viewer sees).
    printed_names: set[str] = field(default_factory=set)
    latest: JointPublication | None = None

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def key(self) -> tuple:
        return coauthor_key(self.member_id, self.name)

    def get_absolute_url(self) -> str:
        return reverse_slug("members:profile", self.member_slug)


def coauthor_key(member_id: int | None, name: str) -> tuple:
    """Who an authorship names: a member the viewer may see, or a name as printed, folded."""
    return ("member", member_id) if member_id is not None else ("name", fold(name))


def _coauthorships(member: Member, user):
    """The authorships of `member`'s co-authors on the profile's publications `user` may see,
    each with `linked_member`: the co-author's member id when the viewer may follow it to a
    profile (not wrongly attributed, not a draft the viewer may not see), else NULL."""
    shown = Publication.objects.on_profile_of(member, user).values("pk")
    linked = Q(member__isnull=False, hidden_from_profile=False)
    if not sees_everything(user):
        linked &= Q(member__is_published=True)
    return (
        Authorship.objects.filter(publication__in=shown)
        .exclude(member=member)
        .annotate(linked_member=Case(When(linked, then=F("member_id"))))
    )


def coauthors(member: Member, user) -> list[CoAuthor]:
    """`member`'s co-authors, most joint publications first, counted in one query."""
    linked = Q(linked_member__isnull=False)
    groups = (
        _coauthorships(member, user)
        .annotate(
            printed=Case(When(linked, then=Value("")), default=F("name")),
            slug=Case(When(linked, then=F("member__slug")), default=Value("")),
            given_name=Case(When(linked, then=F("member__given_name")), default=Value("")),
            family_name=Case(When(linked, then=F("member__family_name")), default=Value("")),
        )
        .values_list("linked_member", "printed", "slug", "given_name", "family_name")
        .annotate(joint=Count("publication_id", distinct=True))
        .order_by()
    )
    found: dict[tuple, CoAuthor] = {}
    commonest: dict[tuple, tuple[int, int, str]] = {}
    for member_id, printed, slug, given_name, family_name, joint in groups:
        key = coauthor_key(member_id, printed)
        if member_id is not None:
            name = f"{given_name} {family_name}".strip()
            found[key] = CoAuthor(name, joint, member_id, slug)
            continue
        coauthor = found.setdefault(key, CoAuthor(printed, 0))
        # The commonest spelling names them; of equals, the one least in capitals.
        preference = (joint, sum(char.islower() for char in printed), printed)
        if preference > commonest.get(key, (0, 0, "")):
            coauthor.name, commonest[key] = printed, preference
        # Two spellings on one paper would count it twice; no source prints an author twice.
        coauthor.joint_publications += joint
        coauthor.printed_names.add(printed)
    return sorted(found.values(), key=lambda c: (-c.joint_publications, fold(c.name)))


def with_latest(member: Member, user, shown: list[CoAuthor]) -> list[CoAuthor]:
    """`shown` (some of `coauthors(member, user)`) each with their most recent joint
    publication, in one query that reads one row per co-author."""
    if not shown:
        return shown
    member_ids = [c.member_id for c in shown if c.is_member]
    names = [name for c in shown if not c.is_member for name in c.printed_names]
    newest_first = [
        F("publication__year").desc(nulls_last=True),
        F("publication__publication_date").desc(nulls_last=True),
        "publication__title",
        "publication__pk",
    ]
    rows = (
        _coauthorships(member, user)
        .filter(Q(linked_member__in=member_ids) | Q(linked_member__isnull=True, name__in=names))
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("linked_member"), F("name")], order_by=newest_first
            )
        )
        .filter(rank=1)
        # Newest first again: of a name's spellings, the first row read is the newest paper.
        .order_by(*newest_first)
        .values_list(
            "linked_member",
            "name",
            "publication__title",
            "publication__slug",
            "publication__year",
            "publication__title_language",
            "publication_id",
        )
    )
    latest: dict[tuple, JointPublication] = {}
    for member_id, name, *publication in rows:
        latest.setdefault(coauthor_key(member_id, name), JointPublication(*publication))
    for coauthor in shown:
        coauthor.latest = latest.get(coauthor.key)
    return shown


# --- Counted ahead for the most prolific ------------------------------------------------------


@dataclass
class NetworkReport:
    members: int = 0
    links: int = 0
    seconds: float = 0.0


def stored_network(member: Member, user) -> CoAuthorNetwork | None:
    """The network counted ahead for `member`, when there is one and `user` sees what visitors
    see (staff see drafts too: theirs is always counted afresh)."""
    if sees_everything(user):
        return None
    return CoAuthorNetwork.objects.filter(member=member).first()


def stored_links(network: CoAuthorNetwork):
    """The co-authors of a network counted ahead, in order: slice it for a page."""
    return (
        CoAuthorLink.objects.filter(network=network)
        .select_related("coauthor", "latest")
        .only(
            "rank",
            "name",
            "joint_publications",
            "coauthor__given_name",
            "coauthor__family_name",
            "coauthor__slug",
            "coauthor__is_published",
            "latest__title",
            "latest__slug",
            "latest__year",
            "latest__title_language",
        )
        .order_by("rank")
    )


def as_coauthor(link: CoAuthorLink) -> CoAuthor:
    """A stored co-author as the page shows them: a member by their name and profile today
    (one unpublished since is named, not linked)."""
    latest = link.latest
    joint = JointPublication(latest.title, latest.slug, latest.year, latest.title_language)
    other = link.coauthor
    if other is not None and other.is_published:
        return CoAuthor(
            other.full_name, link.joint_publications, other.pk, other.slug, latest=joint
        )
    name = link.name or (other.full_name if other else "")
    return CoAuthor(name, link.joint_publications, latest=joint)


def _drop(networks) -> None:
    """Delete `networks` (a queryset) and their co-authors in two statements: Django's delete
    would read every link first, to tell the receivers of deletions (the page cache does)."""
    bulk_delete(CoAuthorLink.objects.filter(network__in=networks.values("pk")))
    bulk_delete(networks)


def forget_networks(member_ids) -> None:
    """Drop the networks counted ahead of `member_ids`: their publications changed."""
    member_ids = sorted(member_ids)
    for start in range(0, len(member_ids), LATEST_CHUNK):
        _drop(
            CoAuthorNetwork.objects.filter(member_id__in=member_ids[start : start + LATEST_CHUNK])
        )


def prolific_member_ids(member_ids: list[int] | None = None) -> list[int]:
    """The published members (of `member_ids`, or all) with NETWORK_AHEAD publications or
    more on their profile, as visitors see it."""
    shown = Authorship.objects.filter(
        hidden_from_profile=False,
        member__is_published=True,
        publication__in=Publication.objects.public(),
    )
    if member_ids is not None:
        shown = shown.filter(member_id__in=member_ids)
    return sorted(
        shown.values("member_id")
        .annotate(publications=Count("publication_id", distinct=True))
        .filter(publications__gte=NETWORK_AHEAD)
        .values_list("member_id", flat=True)
    )


def refresh_networks(
    member_ids: list[int] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> NetworkReport:
    """Count ahead the networks of the prolific members among `member_ids` (of every member
    when None), each committed on its own, and drop those of the others; `progress(done,
    total)` is told after each. Safe to run again."""
    started = time.monotonic()
    report = NetworkReport()
    prolific = prolific_member_ids(member_ids)
    if member_ids is None:
        _drop(CoAuthorNetwork.objects.exclude(member_id__in=prolific))
    else:
        forget_networks(set(member_ids) - set(prolific))
    visitor = AnonymousUser()
    for member in Member.objects.filter(pk__in=prolific).order_by("pk").iterator():
        found = coauthors(member, visitor)
        for start in range(0, len(found), LATEST_CHUNK):
            with_latest(member, visitor, found[start : start + LATEST_CHUNK])
        links = [
            CoAuthorLink(
                network_id=member.pk,
                rank=rank,
                coauthor_id=coauthor.member_id,
                name="" if coauthor.is_member else coauthor.name,
                joint_publications=coauthor.joint_publications,
                latest_id=coauthor.latest.pk,
            )
            for rank, coauthor in enumerate(found)
            if coauthor.latest is not None
        ]
        with transaction.atomic():
            _drop(CoAuthorNetwork.objects.filter(member=member))
            CoAuthorNetwork.objects.create(member=member, coauthors=len(links))
            CoAuthorLink.objects.bulk_create(links, batch_size=5_000)
        report.members += 1
        report.links += len(links)
        if progress is not None:
            progress(report.members, len(prolific))
        reset_queries()
    rows_changed.send(sender=CoAuthorNetwork)
    report.seconds = time.monotonic() - started
    return report

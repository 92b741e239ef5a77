"""Every read of publications the site does, as QuerySet methods. One method per visibility
rule, used by every surface that shows it: `public()` for visitors, `visible_to(user)` for a
page that staff also preview, `on_profile_of(member)` for everything that speaks for a member
(profile, member feed, member BibTeX, the publication list filtered by member)."""

from django.db import models

from core.access import sees_everything
from core.database import attaching

from .choices import ReviewStatus
from .listed_authors import WithAuthors

# What visitors may see: public() and the partial indexes of public publications.
PUBLIC = models.Q(is_published=True, review_status=ReviewStatus.APPROVED)
# Newest first, publications of unknown date last: lists, and the index that serves them.
NEWEST_FIRST = (
    models.F("year").desc(nulls_last=True),
    models.F("publication_date").desc(nulls_last=True),
    "title",
    "pk",
)


def newest_entries_first(entries: str = "") -> tuple:
    """NEWEST_FIRST as the list entries (models.entries) copy it: one member's or one topic's
    papers read in this order from their entries' index, which is declared with it. Said
    from the publications through `entries` ("profile_entries", "topic_entries": what
    on_profile_of and about join), or, without, on the entries themselves."""
    prefix = f"{entries}__" if entries else ""
    return (
        models.F(f"{prefix}year").desc(nulls_last=True),
        models.F(f"{prefix}publication_date").desc(nulls_last=True),
        f"{prefix}title",
        "pk" if entries else "publication_id",
    )


def _entries_of(*, user, **owner) -> dict:
    """The list entries (models.entries) of `owner` that `user` may see: their copy of
    `visible_to(user)` (all of them for no user)."""
    if user is not None and not sees_everything(user):
        return {**owner, "public": True}
    return owner


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """What visitors may see: published and approved by staff."""
        return self.filter(PUBLIC)

    def visible_to(self, user):
        """Everything for staff (so they can preview what waits for review), public ones for
        others."""
        return self.all() if sees_everything(user) else self.public()

    def on_profile_of(self, member, user=None):
        """The publications that speak for `member`: those they are an author of and that staff
        have not hidden from their profile (a paper wrongly attributed to them), found by the
        member's profile entries (models.ProfileEntry, kept by the database). With `user`, only
        those `user` may see (`visible_to`), which the entries' copy of it narrows first, so
        that a page of the member's papers is read from the entries' index alone."""
        return self._by_entries("profile_entries", _entries_of(member=member, user=user), user)

    def for_profile(self, member, user):
        """A member's publications as their profile lists them: `on_profile_of(member, user)`,
        featured ones first (`profile_featured`), then newest first, each with its ordered
        author list."""
        return (
            self.on_profile_of(member, user)
            .with_authors()
            .annotate(profile_featured=models.F("profile_entries__featured"))
            .order_by(models.F("profile_featured").desc(), *newest_entries_first("profile_entries"))
        )

    def awaiting_claim_of(self, member):
        """The pending publications linked to `member`, which they may say are theirs or not
        (their own page), each with `member_confirmed`: whether they already said so."""
        return self.filter(review_status=ReviewStatus.PENDING, authorships__member=member).annotate(
            member_confirmed=models.F("authorships__member_confirmed")
        )

    def with_authors(self):
        """Each publication with its authors in order, as `authorships.all()` (plain rows,
        listed_authors), in one more query for all of them."""
        return attaching(self, WithAuthors)

    def about(self, topic, user=None):
        """The publications linked to `topic`, found by its entries (models.TopicEntry); with
        `user`, only those `user` may see, as `on_profile_of` narrows them."""
        return self._by_entries("topic_entries", _entries_of(research_topic=topic, user=user), user)

    def _by_entries(self, entries, rule, user):
        found = self.filter(**{f"{entries}__{name}": value for name, value in rule.items()})
        return found if user is None else found.visible_to(user)

    def years(self):
        """The years these publications appeared in, most recent first."""
        return (
            self.prefetch_related(None)
            .exclude(year=None)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )

    def newest_first(self):
        """Most recent first; publications of unknown date last."""
        return self.order_by(*NEWEST_FIRST)

    def newest_first_on_profile(self):
        """`newest_first()` of the papers of `on_profile_of(member)`, from their entries."""
        return self.order_by(*newest_entries_first("profile_entries"))

    def newest_first_about(self):
        """`newest_first()` of the papers of `about(topic)`, from their entries."""
        return self.order_by(*newest_entries_first("topic_entries"))


class PublicationManager(models.Manager.from_queryset(PublicationQuerySet)):
    """Besides the selectors: the lists of one member's or one topic's papers read from their
    entries alone, without the publications: their number, and their ids in the lists' order
    (lazy: a page's slice of them is an OFFSET/LIMIT of one index)."""

    def _entries(self, related: str, user, **owner):
        entries = self.model._meta.get_field(related).related_model
        return entries.objects.filter(**_entries_of(user=user, **owner))

    def _ids(self, related: str, user, *, featured_first=False, **owner):
        order = [*newest_entries_first()]
        if featured_first:
            order.insert(0, models.F("featured").desc())
        entries = self._entries(related, user, **owner).order_by(*order)
        return entries.values_list("publication_id", flat=True)

    def count_on_profile_of(self, member, user) -> int:
        """How many `on_profile_of(member, user)` lists."""
        return self._entries("profile_entries", user, member=member).count()

    def ids_for_profile(self, member, user):
        """The ids of `for_profile(member, user)`, in its order."""
        return self._ids("profile_entries", user, featured_first=True, member=member)

    def ids_on_profile_of(self, member, user):
        """The ids of `on_profile_of(member, user).newest_first_on_profile()`, in order."""
        return self._ids("profile_entries", user, member=member)

    def count_about(self, topic, user) -> int:
        """How many `about(topic, user)` lists."""
        return self._entries("topic_entries", user, research_topic=topic).count()

    def ids_about(self, topic, user):
        """The ids of `about(topic, user).newest_first_about()`, in order."""
        return self._ids("topic_entries", user, research_topic=topic)

    def get_queryset(self):
        # The search document is for the database ("@@" through its GIN index): a page or an
        # export never reads it, and it is a kilobyte a publication.
        return super().get_queryset().defer("search_document")

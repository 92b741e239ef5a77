"""Every read of publications the site does, as QuerySet methods. One method per visibility
rule, used by every surface that shows it: `public()` for visitors, `visible_to(user)` for a
page that staff also preview, `on_profile_of(member)` for everything that speaks for a member
(profile, member feed, member BibTeX, the publication list filtered by member)."""

from django.apps import apps
from django.db import models
from django.db.models import Prefetch

from .choices import ReviewStatus

# What visitors may see: public() and the partial indexes of public publications.
PUBLIC = models.Q(is_published=True, review_status=ReviewStatus.APPROVED)
# Newest first, publications of unknown date last: lists, and the index that serves them.
NEWEST_FIRST = (
    models.F("year").desc(nulls_last=True),
    models.F("publication_date").desc(nulls_last=True),
    "title",
    "pk",
)
# NEWEST_FIRST as a member's profile entries copy it (models.ProfileEntry), for the lists of one
# member's papers: read in this order from the entries' index.
NEWEST_ON_PROFILE = (
    models.F("profile_entries__year").desc(nulls_last=True),
    models.F("profile_entries__publication_date").desc(nulls_last=True),
    "profile_entries__title",
    "pk",
)


def sees_everything(user) -> bool:
    """Staff see what waits for review and what is unpublished; everyone else what is public."""
    return user.is_authenticated and user.is_staff


def _authorships():
    return apps.get_model("publications", "Authorship").objects


def ordered_authorships() -> Prefetch:
    """The author list of each publication, in order, with the linked members' slugs."""
    return Prefetch(
        "authorships", queryset=_authorships().select_related("member").order_by("position")
    )


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
        entries = models.Q(profile_entries__member=member)
        if user is None:
            return self.filter(entries)
        if not sees_everything(user):
            entries &= models.Q(profile_entries__public=True)
        return self.filter(entries).visible_to(user)

    def for_profile(self, member, user):
        """A member's publications as their profile lists them: `on_profile_of(member, user)`,
        featured ones first (`profile_featured`), then newest first, each with its ordered
        author list."""
        return (
            self.on_profile_of(member, user)
            .with_authors()
            .annotate(profile_featured=models.F("profile_entries__featured"))
            .order_by(models.F("profile_featured").desc(), *NEWEST_ON_PROFILE)
        )

    def awaiting_claim_of(self, member):
        """The pending publications linked to `member`, which they may say are theirs or not
        (their own page), each with `member_confirmed`: whether they already said so."""
        return self.filter(review_status=ReviewStatus.PENDING, authorships__member=member).annotate(
            member_confirmed=models.F("authorships__member_confirmed")
        )

    def with_authors(self):
        return self.prefetch_related(ordered_authorships())

    def about(self, topic):
        return self.filter(topics=topic)

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
        return self.order_by(*NEWEST_ON_PROFILE)


class PublicationManager(models.Manager.from_queryset(PublicationQuerySet)):
    def get_queryset(self):
        # The search document is for the database ("@@" through its GIN index): a page or an
        # export never reads it, and it is a kilobyte a publication.
        return super().get_queryset().defer("search_document")

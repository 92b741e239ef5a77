"""A publication as a member's profile lists it, kept by the database."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.database import ElsewhereThanPostgreSQLIndex, PostgreSQLOnlyIndex
from members.models import Member

from .authorship import Authorship
from .publication import Publication

# A profile's order (PublicationQuerySet.for_profile): featured papers first, then newest
# first as NEWEST_FIRST sorts, from the entries' copies; the publication's id last.
PROFILE_ORDER = (
    F("featured").desc(),
    F("year").desc(nulls_last=True),
    F("publication_date").desc(nulls_last=True),
    "title",
    "publication",
)


class ProfileEntry(models.Model):
    """One authorship linked to a member and not hidden from their profile, with what the
    profile sorts and filters by copied from the publication (`public`: visitors may see it).
    Written only by the database's triggers (publications.profile_entries), which keep it
    whatever writes the authorships and publications; a profile's page of ten is then a
    short read of one index, not a look-up of each of the member's thousands of papers."""

    # The database keeps these rows: staff neither edit them nor are given rights to.
    kept_by_the_database = True

    authorship = models.OneToOneField(
        Authorship,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("authorship"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("member"),
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="profile_entries",
        verbose_name=_("publication"),
    )
    featured = models.BooleanField(_("featured"))
    public = models.BooleanField(_("public"))
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    publication_date = models.DateField(_("publication date"), null=True)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        db_table = "publications_profile_entry"
        verbose_name = _("profile entry")
        verbose_name_plural = _("profile entries")
        indexes = [
            # A member's papers, visitors' ones first, in the profile's order: a profile's
            # page of ten is ten index entries, read in order; staff's view sorts one
            # member's entries from here, without a look-up of each publication.
            PostgreSQLOnlyIndex(
                "member", "public", *PROFILE_ORDER, name="profile_entry_member_order_idx"
            ),
            # The same, newest first without the featured ones first: the member's feed and
            # the publication list by member.
            PostgreSQLOnlyIndex(
                "member", "public", *PROFILE_ORDER[1:], name="profile_entry_member_newest_idx"
            ),
            ElsewhereThanPostgreSQLIndex(fields=["member", "public"], name="profile_entry_idx"),
        ]

    def __str__(self):
        return f"{self.member_id} – {self.publication_id}"

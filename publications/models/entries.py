"""Publications as a member's profile and a topic's page list them, kept by the database."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.database import ElsewhereThanPostgreSQLIndex, PostgreSQLOnlyIndex
from members.models import Member, ResearchTopic

from ..querysets import newest_entries_first
from .authorship import Authorship
from .publication import Publication, PublicationTopic


class ListEntry(models.Model):
    """A publication in one of the lists a link puts it in, with what the lists sort and
    filter by copied from it (`public`: visitors may see it). Written only by the database's
    triggers (publications.entries), which keep the entries whatever writes the links and
    publications: a page of ten of thousands of papers is then a short read of one index,
    not a look-up of each paper."""

    # The database keeps these rows: staff neither edit them nor are given rights to.
    kept_by_the_database = True

    # Each kind declares `publication`, with its own name for the way back.
    public = models.BooleanField(_("public"))
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    publication_date = models.DateField(_("publication date"), null=True)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        abstract = True


class ProfileEntry(ListEntry):
    """One authorship linked to a member and not hidden from their profile."""

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

    class Meta:
        db_table = "publications_profile_entry"
        verbose_name = _("profile entry")
        verbose_name_plural = _("profile entries")
        indexes = [
            # A member's papers, visitors' ones first, in the profile's order (featured ones
            # first): a profile's page of ten is ten index entries, read in order; staff's
            # view sorts one member's entries from here, without a look-up of each paper.
            PostgreSQLOnlyIndex(
                "member",
                "public",
                F("featured").desc(),
                *newest_entries_first(),
                name="profile_entry_member_order_idx",
            ),
            # Newest first alone: the member's feed and the publication list by member.
            PostgreSQLOnlyIndex(
                "member", "public", *newest_entries_first(), name="profile_entry_member_newest_idx"
            ),
            ElsewhereThanPostgreSQLIndex(fields=["member", "public"], name="profile_entry_idx"),
        ]

    def __str__(self):
        return f"{self.member_id} – {self.publication_id}"


class TopicEntry(ListEntry):
    """One link of a publication to a research topic."""

    link = models.OneToOneField(
        PublicationTopic,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("research topic of a publication"),
    )
    research_topic = models.ForeignKey(
        ResearchTopic,
        on_delete=models.DO_NOTHING,
        db_column="researchtopic_id",
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("research topic"),
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="topic_entries",
        verbose_name=_("publication"),
    )

    class Meta:
        db_table = "publications_topic_entry"
        verbose_name = _("topic entry")
        verbose_name_plural = _("topic entries")
        indexes = [
            # A topic's papers, visitors' ones first, newest first: the topic page, its feed
            # and the publication list by topic.
            PostgreSQLOnlyIndex(
                "research_topic",
                "public",
                *newest_entries_first(),
                name="topic_entry_topic_newest_idx",
            ),
            ElsewhereThanPostgreSQLIndex(
                fields=["research_topic", "public"], name="topic_entry_idx"
            ),
        ]

    def __str__(self):
        return f"{self.research_topic_id} – {self.publication_id}"

"""Tables that link members to topics, and the topic counts PostgreSQL keeps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import counts
from .member import Member
from .reference import MembershipType, ResearchTopic


class MemberResearchTopic(models.Model):
    """That a member works on a research topic: the link between a profile and a topic, the
    table Django would make for `Member.research_topics`, declared for its index."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    researchtopic = models.ForeignKey(
        ResearchTopic, on_delete=models.CASCADE, related_name="+", verbose_name=_("research topic")
    )

    class Meta:
        db_table = "members_member_research_topics"
        # No ordering, like Django's own link table: a LIMITed subquery of the links (topic
        # pages) would have to sort them by it instead of reading the topic's index.
        verbose_name = _("research topic of a member")
        verbose_name_plural = _("research topics of members")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "researchtopic"], name="member_research_topic_once"
            )
        ]
        indexes = [
            # Members of a topic (topic pages, filters, facets) from the topic side, the member
            # id in the index so that counting need not visit the table.
            models.Index(fields=["researchtopic", "member"], name="member_topics_topic_member_idx")
        ]

    def __str__(self):
        return f"{self.member_id} – {self.researchtopic_id}"

    def get_absolute_url(self):
        return self.member.get_absolute_url()


class TopicMemberCount(models.Model):
    """How many published members of a membership type have a research topic: what the
    unfiltered directory's topic facets show. Kept by PostgreSQL triggers (members.counts),
    never written by Django, and present on PostgreSQL only: SQLite counts live."""

    pk = models.CompositePrimaryKey("research_topic", "membership_type")
    research_topic = models.ForeignKey(
        ResearchTopic,
        on_delete=models.DO_NOTHING,
        db_column="researchtopic_id",
        db_constraint=False,
        related_name="kept_member_counts",
        verbose_name=_("research topic"),
    )
    membership_type = models.ForeignKey(
        MembershipType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("membership type"),
    )
    member_count = models.IntegerField(_("members"))

    class Meta:
        managed = False
        db_table = counts.TABLE
        ordering = ("research_topic_id", "membership_type_id")
        verbose_name = _("member count of a topic")
        verbose_name_plural = _("member counts of topics")

    def __str__(self):
        return f"{self.research_topic_id}/{self.membership_type_id}: {self.member_count}"

    def get_absolute_url(self):
        return self.research_topic.get_absolute_url()

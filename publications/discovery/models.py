"""What discovery computes ahead, so that no page ranks a hundred thousand members per request:
each member's expertise as weighted terms, how common each term is, and the members closest to
each member. Rebuilt by `manage.py compute_expertise`; never edited by hand."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member

# The longest term kept: longer "words" are formulas, URLs or identifiers.
TERM_LENGTH = 40
# From this closeness on, two members' publications are said to be close.
CLOSE_WORK = 0.15


class ExpertiseTerm(models.Model):
    """A word that characterises a member's work, from their research topics and the titles and
    abstracts of the public publications on their profile, with how strongly it does (the
    member's terms form a unit vector: weights are comparable between members)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="expertise_terms",
        verbose_name=_("member"),
    )
    term = models.CharField(_("term"), max_length=TERM_LENGTH)
    weight = models.FloatField(_("weight"))

    class Meta:
        ordering = ("member", "-weight", "term")
        verbose_name = _("expertise term")
        verbose_name_plural = _("expertise terms")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "term"], name="expertiseterm_once_per_member"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1), name="expertiseterm_weight_in_unit"
            ),
        ]
        indexes = [
            # The members who use a term most, read from the index alone (the expert finder
            # takes the first thousand of each term).
            models.Index(fields=["term", "-weight", "member"], name="expertiseterm_term_idx"),
        ]

    def __str__(self):
        return f"{self.term} ({self.weight:.3f})"

    def get_absolute_url(self):
        return self.member.get_absolute_url()


class ExpertiseVocabulary(models.Model):
    """A term of the publications and topics, with the number of them that use it: the rarer a
    term, the more it says about who uses it."""

    term = models.CharField(_("term"), max_length=TERM_LENGTH, unique=True)
    documents = models.PositiveIntegerField(_("publications and topics using it"))
    # ln((N + 1) / documents), N the publications and topics counted when it was computed.
    rarity = models.FloatField(_("rarity"))

    class Meta:
        ordering = ("term",)
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary")
        constraints = [
            models.CheckConstraint(
                condition=Q(documents__gte=1), name="expertisevocabulary_documents_positive"
            ),
            models.CheckConstraint(
                condition=Q(rarity__gte=0), name="expertisevocabulary_rarity_not_negative"
            ),
        ]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("members:experts") + f"?q={self.term}"


class SimilarMember(models.Model):
    """Another member whose work is close to a member's, with why: the research topics they
    share, the publications they wrote together, how close their words are."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="similar_members",
        verbose_name=_("member"),
    )
    other = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("similar member"),
    )
    score = models.FloatField(_("score"))
    shared_topics = models.PositiveSmallIntegerField(_("shared research topics"), default=0)
    joint_publications = models.PositiveIntegerField(_("joint publications"), default=0)
    # Cosine of the two members' expertise terms, 0 to 1.
    closeness = models.FloatField(_("closeness of their work"), default=0)

    class Meta:
        ordering = ("member", "-score", "other")
        verbose_name = _("similar member")
        verbose_name_plural = _("similar members")
        constraints = [
            models.UniqueConstraint(fields=["member", "other"], name="similarmember_pair_once"),
            models.CheckConstraint(
                condition=~Q(member=models.F("other")), name="similarmember_not_oneself"
            ),
            models.CheckConstraint(condition=Q(score__gt=0), name="similarmember_score_positive"),
            models.CheckConstraint(
                condition=Q(closeness__gte=0, closeness__lte=1),
                name="similarmember_closeness_in_unit",
            ),
        ]

    def __str__(self):
        return f"{self.member} ~ {self.other}"

    def get_absolute_url(self):
        return self.other.get_absolute_url()

    @property
    def has_close_work(self) -> bool:
        return self.closeness >= CLOSE_WORK

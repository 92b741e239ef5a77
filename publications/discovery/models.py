"""What discovery computes ahead, so that no page ranks a hundred thousand members per request:
each member's expertise as weighted terms, how common each term is, and the members closest to
each member, and the jobs that compute them. Rebuilt by those jobs (`jobs.py`) or
`manage.py compute_expertise`; never edited by hand."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.jobs import Job, JobStatus
from members.models import Member

# The longest term kept: longer "words" are formulas, URLs or identifiers.
TERM_LENGTH = 40
# From this closeness on, two members' publications are said to be close.
CLOSE_WORK = 0.15
# A computation never waits for a confirmation.
EXPERTISE_STATUSES = [status for status in JobStatus.values if status != JobStatus.PREVIEWED]
# What a computation is doing, as staff read its progress.
STAGES = {
    "expertise": _("Expertise"),
    "similar": _("Similar members"),
    "network": _("Co-author networks"),
}


class ExpertiseTerm(models.Model):
    """A word that characterises a member's work, from their research topics and the titles and
    abstracts of the public publications on their profile, with how strongly it does (the
    member's terms form a unit vector: weights are comparable between members)."""

    # Looked up through the unique (member, term) index: no second index to write.
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="expertise_terms",
        verbose_name=_("member"),
        db_index=False,
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

    # Looked up through the unique (member, other) index.
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="similar_members",
        verbose_name=_("member"),
        db_index=False,
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


class ExpertiseTrigger(models.TextChoices):
    STAFF = "staff", _("Staff, from the admin")
    SCHEDULE = "schedule", _("The schedule")
    COMMAND = "command", _("The compute_expertise command")
    CHANGES = "changes", _("Changes of members' topics or publications")


class ExpertiseJob(Job):
    """One computation of expertise and similar members, for every published member (the
    nightly run, or staff from the admin) or for the members whose topics or publications
    changed since (queued once those changes are committed)."""

    trigger = models.CharField(
        _("started from"), max_length=10, choices=ExpertiseTrigger, default=ExpertiseTrigger.STAFF
    )
    # Whom it computes: everyone, or the members given / found changed when it runs.
    everyone = models.BooleanField(_("every published member"), default=True)
    member_ids = models.JSONField(_("members"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    # {"members": 100000, "terms": …, "vocabulary": …, "pairs": …, "seconds": …}
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("expertise computation")
        verbose_name_plural = _("expertise computations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EXPERTISE_STATUSES), name="expertisejob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=ExpertiseTrigger.values),
                name="expertisejob_trigger_valid",
            ),
        ]

    def __str__(self):
        if self.everyone:
            return gettext("Expertise of every member")
        return ngettext(
            "Expertise of %(count)d member", "Expertise of %(count)d members", len(self.member_ids)
        ) % {"count": len(self.member_ids)}

    def get_absolute_url(self):
        return reverse("admin:publications_expertisejob_change", args=[self.pk])

    def summary(self) -> str:
        """What the computation did, in the reader's language."""
        if not self.result:
            return ""
        if not self.result.get("members"):
            return gettext("No member's topics or publications changed.")
        figures = {
            name: f"{self.result.get(name, 0):,.0f}"
            for name in ("members", "terms", "vocabulary", "pairs", "seconds", "networks")
        }
        done = gettext(
            "%(members)s members: %(terms)s expertise terms (%(vocabulary)s in the vocabulary), "
            "%(pairs)s similar members listed, in %(seconds)s s."
        )
        parts = [done % figures]
        if networks := self.result.get("networks"):
            counted = ngettext(
                "%(networks)s co-author network counted ahead.",
                "%(networks)s co-author networks counted ahead.",
                networks,
            )
            parts.append(counted % figures)
        text = " ".join(parts)
        return text

    def progress_text(self) -> str:
        if not self.progress_total:
            return ""
        return gettext("%(stage)s: %(done)s of %(total)s members") % {
            "stage": STAGES.get(self.stage, self.stage),
            "done": f"{self.progress_done:,}",
            "total": f"{self.progress_total:,}",
        }


class StaleExpertise(models.Model):
    """A member whose topics or publications changed since their expertise was computed: the
    next computation of the changes takes them (many edits, one computation)."""

    shown_on_pages = False

    member = models.OneToOneField(
        Member,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("member"),
    )
    noted_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ("noted_at",)
        verbose_name = _("member whose expertise awaits a refresh")
        verbose_name_plural = _("members whose expertise awaits a refresh")

    def __str__(self):
        return str(self.member_id)

    def get_absolute_url(self):
        return self.member.get_absolute_url()


class CoAuthorNetwork(models.Model):
    """The co-author network of a prolific member as visitors see it, counted ahead
    (`network.refresh_networks`): a change to their publications drops it, and their page
    counts afresh until the next computation writes it again."""

    member = models.OneToOneField(
        Member,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("member"),
    )
    coauthors = models.PositiveIntegerField(_("co-authors"))
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ("member",)
        verbose_name = _("co-author network")
        verbose_name_plural = _("co-author networks")

    def __str__(self):
        return str(self.member_id)

    def get_absolute_url(self):
        return reverse("members:network", kwargs={"slug": self.member.slug})


class CoAuthorLink(models.Model):
    """One co-author in a network counted ahead, in the order the page lists them."""

    # Read through the unique (network, rank) index.
    network = models.ForeignKey(
        CoAuthorNetwork,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("co-author network"),
        db_index=False,
    )
    rank = models.PositiveIntegerField(_("rank"))
    # A member the visitors may see; their name and address are read when the page is shown.
    coauthor = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("co-author"),
    )
    name = models.CharField(_("name as printed"), max_length=200, blank=True)
    joint_publications = models.PositiveIntegerField(_("joint publications"))
    latest = models.ForeignKey(
        "publications.Publication",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("most recent joint publication"),
    )

    class Meta:
        ordering = ("network", "rank")
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["network", "rank"], name="coauthorlink_rank_once"),
        ]

    def __str__(self):
        return f"{self.network_id} #{self.rank}"

    def get_absolute_url(self):
        return self.network.get_absolute_url()

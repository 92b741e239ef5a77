"""The ordered author list of a publication: the names as written, and the members they are."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Member

from .publication import MAX_FEATURED_PER_MEMBER, Publication


class Authorship(models.Model):
    """One entry of a publication's author list: the name as written, and the member if any."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="authorships",
        verbose_name=_("publication"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name as written"), max_length=200)
    # Deleting a member keeps the publication and the author's name; only the link goes.
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
        verbose_name=_("member"),
    )
    hidden_from_profile = models.BooleanField(
        _("hidden from the profile"),
        default=False,
        help_text=_("Tick when the paper was wrongly attributed to this member."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Shown at the top of the member's profile; three at most per member."),
    )
    # How the link to the member was made, for staff reviewing it (publications.evidence):
    # {"by": "orcid", "value": "0000-…", "confirmed": true, "source": "dblp"}, {"by": "name"}…
    evidence = models.JSONField(_("why linked"), default=dict, blank=True, editable=False)
    member_confirmed = models.BooleanField(
        _("confirmed by the member"),
        default=False,
        help_text=_("The member said “this is mine” on their own page."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("position",)
        verbose_name = _("authorship")
        verbose_name_plural = _("authorships")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="authorship_one_author_per_position"
            ),
            models.UniqueConstraint(
                fields=["publication", "member"],
                condition=Q(member__isnull=False),
                name="authorship_member_once_per_publication",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="authorship_position_from_one"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="authorship_name_not_empty"),
        ]
        indexes = [
            # A profile's publications from the index alone instead of thousands of heap pages.
            models.Index(
                fields=["member", "publication"],
                include=["featured"],
                condition=Q(hidden_from_profile=False),
                name="authorship_profile_idx",
            ),
            # The admin's "featured" and "hidden from the profile" filters, newest first: a
            # few rows among millions, which a bounded count would otherwise read one by one.
            models.Index(fields=["id"], condition=Q(featured=True), name="authorship_featured_idx"),
            models.Index(
                fields=["id"], condition=Q(hidden_from_profile=True), name="authorship_hidden_idx"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.publication.get_absolute_url()

    def clean(self):
        if self.featured and self.member_id is None:
            raise ValidationError(
                {"featured": _("Only an author linked to a member can be featured.")}
            )
        if self.featured:
            others = (
                Authorship.objects.filter(member_id=self.member_id, featured=True)
                .exclude(pk=self.pk)
                .count()
            )
            if others >= MAX_FEATURED_PER_MEMBER:
                raise ValidationError(
                    {
                        "featured": _(
                            "%(member)s already has %(count)d featured publications; "
                            "unfeature one first."
                        )
                        % {"member": self.member, "count": others}
                    }
                )

"""What harvests propose instead of changing a publication staff vouch for, and the papers
members said are not theirs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member

from ..choices import ReleaseSource
from .publication import Publication


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    # Kept, so that the same values brought again are not proposed again.
    REJECTED = "rejected", _("Rejected")


class SuggestedChange(models.Model):
    """New values a source brings for a publication that visitors already see (or for fields
    staff corrected by hand): kept apart, field by field, until staff accept or reject them.
    Also a link to a member found only through an identifier staff have not confirmed."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("publication"),
    )
    # The member the suggestion links, if it does: they see it on their own page.
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("member"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ReleaseSource, default=ReleaseSource.MANUAL
    )
    # {field: {"current": value, "proposed": value}}; "authors" holds [name, member pk] lists.
    changes = models.JSONField(_("changes"), default=dict)
    # The version of the paper the source describes, recorded as a release once accepted.
    release = models.JSONField(_("release"), default=dict, blank=True)
    # Why: {"reason": "approved" | "curated" | "unconfirmed", "links": [{...}, ...]}.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    # The same changes brought again (each harvest) are one suggestion.
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus, default=SuggestionStatus.OPEN
    )
    member_confirmed = models.BooleanField(
        _("confirmed by the member"),
        default=False,
        help_text=_("The member said “this is mine” on their own page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("suggested change")
        verbose_name_plural = _("suggested changes")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "fingerprint"], name="suggestion_once_per_publication"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ReleaseSource.values), name="suggestion_source_valid"
            ),
        ]
        indexes = [
            # The review list: what waits, newest first.
            models.Index(fields=["-id"], condition=Q(status="open"), name="suggestion_open_idx"),
        ]

    def __str__(self):
        return _("Change to “%(title)s”") % {"title": self.publication.title}

    def get_absolute_url(self):
        return self.publication.get_absolute_url()


class Disclaimer(models.Model):
    """A member said a paper is not theirs: no import or harvest links them to it again."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="disclaimers",
        verbose_name=_("publication"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="disclaimers", verbose_name=_("member")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("disclaimed publication")
        verbose_name_plural = _("disclaimed publications")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "member"], name="disclaimer_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.publication}"

    def get_absolute_url(self):
        return self.publication.get_absolute_url()

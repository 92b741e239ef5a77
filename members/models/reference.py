"""Research topics, membership types and organisations: what members are described with."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import unique_slug
from core.urls import reverse_slug
from core.web import WebAddressField

SLUG_CHECK = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def slug_is_well_formed(name: str) -> models.CheckConstraint:
    # Regex lookups work on SQLite and PostgreSQL alike.
    return models.CheckConstraint(condition=Q(slug__regex=SLUG_CHECK), name=name)


class InUseError(models.ProtectedError):
    """Raised when staff try to delete a topic that members or publications still use."""


class ResearchTopic(models.Model):
    """A field of research that members work on, e.g. "Apprentissage continu"."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")
        constraints = [slug_is_well_formed("researchtopic_slug_well_formed")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(ResearchTopic, self.name_fr or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("members:topic", self.slug)

    def delete(self, *args, **kwargs):
        # The many-to-many link would otherwise silently drop the topic from every profile.
        in_use = list(self.members.all()[:5]) + list(self.publications.all()[:5])
        if in_use:
            raise InUseError(
                _("The topic “%(topic)s” is still used; remove it from these first.")
                % {"topic": self},
                in_use,
            )
        return super().delete(*args, **kwargs)


class MembershipType(models.Model):
    """A kind of membership, e.g. "Membre affilié" or "Membre académique principal"."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    display_order = models.PositiveSmallIntegerField(
        _("display order"), default=100, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        ordering = ("display_order", "slug")
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")
        constraints = [slug_is_well_formed("membershiptype_slug_well_formed")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(MembershipType, self.name_fr or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:directory") + f"?type={self.slug}"


class Organisation(models.Model):
    """An employer or host institution named on profiles, e.g. "Google DeepMind"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    url = WebAddressField(_("web site"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url or reverse("members:directory")

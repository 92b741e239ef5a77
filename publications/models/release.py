"""The versions of a publication: the preprint, the conference paper, the journal article."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.identifiers import (
    normalise_arxiv_id,
    normalise_doi,
)
from core.web import WebAddressField

from ..choices import PublicationKind, ReleaseSource
from .publication import EARLIEST_YEAR, LATEST_YEAR, Publication


class Release(models.Model):
    """One version of a publication as it appeared somewhere: the arXiv preprint, the NeurIPS
    paper, the journal version. The publication itself shows the best of them."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="releases",
        verbose_name=_("publication"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PublicationKind, default=PublicationKind.OTHER
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=40, blank=True)
    url = WebAddressField(_("web page"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ReleaseSource, default=ReleaseSource.MANUAL
    )

    class Meta:
        ordering = (models.F("year").asc(nulls_last=True), "date", "pk")
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "doi"],
                condition=~Q(doi=""),
                name="release_doi_once_per_publication",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PublicationKind.values), name="release_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ReleaseSource.values), name="release_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="release_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(doi="") | Q(doi__startswith="10."), name="release_doi_normalised"
            ),
        ]

    def __str__(self):
        where = self.venue or self.get_kind_display()
        return f"{where} ({self.year})" if self.year else where

    def save(self, *args, **kwargs):
        self.doi = normalise_doi(self.doi) or self.doi
        self.arxiv_id = normalise_arxiv_id(self.arxiv_id) or self.arxiv_id
        if self.date and self.year is None:
            self.year = self.date.year
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.publication.get_absolute_url()

    @property
    def link(self) -> str:
        """Where a reader finds this version: its DOI, its arXiv page, else its web page."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return self.url

    def clean(self):
        if self.doi:
            doi = normalise_doi(self.doi)
            if not doi:
                raise ValidationError({"doi": _("Enter a DOI such as 10.1145/3448016.3452841.")})
            self.doi = doi
        if self.date and self.year is not None and self.year != self.date.year:
            raise ValidationError({"year": _("The year does not match the publication date.")})

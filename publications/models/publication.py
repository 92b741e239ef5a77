"""Publications: papers, preprints, books and other works of the institute's members."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.database import LongNameIndex, OnPostgreSQL, PostgreSQLOnlyGinIndex, PostgreSQLOnlyIndex
from core.identifiers import (
    normalise_arxiv_id,
    normalise_dblp_key,
    normalise_doi,
    normalise_openalex_id,
)
from core.text import fold, unique_slug
from core.urls import reverse_slug
from core.web import WebAddressField
from members.models import ResearchTopic, slug_is_well_formed

from ..choices import PublicationKind, ReviewStatus
from ..languages import language_choices
from ..querysets import NEWEST_FIRST, PUBLIC, PublicationManager
from ..search import weighted_document

EARLIEST_YEAR = 1800
LATEST_YEAR = 2100


MAX_FEATURED_PER_MEMBER = 3


def title_key(title: str) -> str:
    """How imports compare titles: folded ("Étude" and "etude" are one title), at most the
    stored key's length. Bulk writes that skip save() fill `Publication.title_key` with it."""
    return fold(title)[:500]


class PublicationTopic(models.Model):
    """That a publication is about a research topic: the table Django would make for
    `Publication.topics`, declared for its index (and before Publication, whose history
    needs it)."""

    publication = models.ForeignKey(
        "Publication", on_delete=models.CASCADE, related_name="+", verbose_name=_("publication")
    )
    researchtopic = models.ForeignKey(
        ResearchTopic, on_delete=models.CASCADE, related_name="+", verbose_name=_("research topic")
    )

    class Meta:
        db_table = "publications_publication_topics"
        # No ordering, like Django's own link table: a LIMITed subquery of the links (topic
        # pages) would have to sort them by it instead of reading the topic's index.
        verbose_name = _("research topic of a publication")
        verbose_name_plural = _("research topics of publications")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "researchtopic"], name="publication_topic_once"
            )
        ]
        indexes = [
            # Publications of a topic (topic pages, the topic filter) from the topic side.
            LongNameIndex(
                fields=["researchtopic", "publication"],
                name="publication_topics_topic_publication_idx",
            )
        ]

    def __str__(self):
        return f"{self.publication_id} – {self.researchtopic_id}"

    def get_absolute_url(self):
        return self.publication.get_absolute_url()


class Publication(models.Model):
    """A paper, preprint, book or other work written by at least one member."""

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    abstract = models.TextField(
        _("abstract"), blank=True, help_text=_("LaTeX math such as \\(7\\times\\) is allowed.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PublicationKind, default=PublicationKind.OTHER
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=40, blank=True)
    dblp_key = models.CharField(
        _("DBLP key"), max_length=120, blank=True, help_text=_("Such as conf/iclr/SmithD24.")
    )
    openalex_id = models.CharField(
        _("OpenAlex id"), max_length=20, blank=True, help_text=_("Such as W3174427814.")
    )
    url = WebAddressField(_("web page"), max_length=500, blank=True)
    pdf_url = WebAddressField(_("PDF"), max_length=500, blank=True)
    code_url = WebAddressField(_("code"), max_length=500, blank=True)
    topics = models.ManyToManyField(
        ResearchTopic,
        through=PublicationTopic,
        related_name="publications",
        blank=True,
        verbose_name=_("research topics"),
    )
    authors_complete = models.BooleanField(
        _("complete author list"),
        default=True,
        help_text=_("Untick when only some of the authors are known; pages then add “et al.”"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    review_status = models.CharField(
        _("review"),
        max_length=10,
        choices=ReviewStatus,
        default=ReviewStatus.APPROVED,
        help_text=_("Harvested publications wait for review; visitors see approved ones only."),
    )
    # --- Languages of the title and abstract: pages mark text not in their own language ---
    title_language = models.CharField(
        _("language of the title"),
        max_length=2,
        blank=True,
        choices=language_choices,
        help_text=_("Empty when unknown. Imports take it from the source or detect it."),
    )
    abstract_language = models.CharField(
        _("language of the abstract"),
        max_length=2,
        blank=True,
        choices=language_choices,
        help_text=_("Empty when unknown. Imports take it from the source or detect it."),
    )
    # --- End of the languages ---

    # The fields staff (or a member, on their own page) corrected by hand: imports and harvests
    # never overwrite them, and what they bring instead waits as a suggested change.
    curated_fields = models.JSONField(
        _("fields edited by hand"), default=list, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by save() (see title_key()): imports find a paper by its title with one indexed
    # lookup per batch instead of reading every publication.
    title_key = models.CharField(max_length=500, editable=False, db_index=True, default="")

    # What full-text search matches, computed by PostgreSQL on every write so that no code
    # path (admin, import, bulk insert) can forget it; empty on SQLite (publications.search).
    search_document = models.GeneratedField(
        expression=OnPostgreSQL(weighted_document()),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search document"),
    )

    objects = PublicationManager()
    # Derived from title and abstract, which the history keeps.
    history = HistoricalRecords(
        m2m_fields=[topics], excluded_fields=["search_document", "title_key"]
    )

    class Meta:
        ordering = ("-year", "title")
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            slug_is_well_formed("publication_slug_well_formed"),
            models.UniqueConstraint(
                fields=["doi"], condition=~Q(doi=""), name="publication_doi_unique"
            ),
            models.UniqueConstraint(
                fields=["arxiv_id"], condition=~Q(arxiv_id=""), name="publication_arxiv_unique"
            ),
            models.UniqueConstraint(
                fields=["dblp_key"], condition=~Q(dblp_key=""), name="publication_dblp_key_unique"
            ),
            models.UniqueConstraint(
                fields=["openalex_id"],
                condition=~Q(openalex_id=""),
                name="publication_openalex_unique",
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="publication_review_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="publication_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PublicationKind.values), name="publication_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(doi="") | Q(doi__startswith="10."), name="publication_doi_normalised"
            ),
            models.CheckConstraint(
                condition=Q(publication_date__isnull=True) | Q(year__isnull=False),
                name="publication_date_has_year",
            ),
            # Languages: an ISO 639-1 code or nothing.
            models.CheckConstraint(
                condition=Q(title_language="") | Q(title_language__regex=r"^[a-z]{2}$"),
                name="publication_title_language_code",
            ),
            models.CheckConstraint(
                condition=Q(abstract_language="") | Q(abstract_language__regex=r"^[a-z]{2}$"),
                name="publication_abstract_language_code",
            ),
        ]
        # Chosen with EXPLAIN ANALYZE at 1,000,000 publications (docs/performance.md).
        indexes = [
            # The public list in exactly the order of NEWEST_FIRST: any page is a short index
            # scan, and the year drop-down a loose index scan over its leading column.
            PostgreSQLOnlyIndex(
                *NEWEST_FIRST[:-1],
                "id",
                condition=PUBLIC,
                name="publication_public_newest_idx",
            ),
            # The admin's year filter, pending publications included: a loose index scan.
            PostgreSQLOnlyIndex(F("year").desc(nulls_last=True), name="publication_year_idx"),
            # Topic pages and profiles order a few thousand linked publications newest first
            # and check that they are public from this index instead of the wide table.
            PostgreSQLOnlyIndex(
                fields=["id"],
                include=["year", "publication_date", "title"],
                condition=PUBLIC,
                name="publication_public_sort_key_idx",
            ),
            # Makes "@@" a lookup instead of parsing every document.
            PostgreSQLOnlyGinIndex(
                fields=["search_document"], name="publication_search_document_idx"
            ),
            # The admin's review list (pending or rejected, newest first) and its "published:
            # no" filter: without them the list walks the whole primary key to find few rows.
            models.Index(
                fields=["review_status", "id"],
                condition=~Q(review_status=ReviewStatus.APPROVED),
                name="publication_under_review_idx",
            ),
            models.Index(
                fields=["id"], condition=Q(is_published=False), name="publication_unpublished_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        if (fields := kwargs.get("update_fields")) is not None and "title" in fields:
            kwargs["update_fields"] = {*fields, "title_key"}
        self.doi = normalise_doi(self.doi) or self.doi
        self.arxiv_id = normalise_arxiv_id(self.arxiv_id) or self.arxiv_id
        self.dblp_key = normalise_dblp_key(self.dblp_key) or self.dblp_key
        self.openalex_id = normalise_openalex_id(self.openalex_id) or self.openalex_id
        if self.publication_date and self.year is None:
            self.year = self.publication_date.year
        if not self.slug:
            self.slug = unique_slug(Publication, self.title, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("publications:detail", self.slug)

    @property
    def bibtex_url(self) -> str:
        return reverse_slug("publications:bibtex", self.slug)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    def clean(self):
        # Filled here too so that form validation checks the slug save() would store.
        if not self.slug:
            self.slug = unique_slug(Publication, self.title, max_length=120)
        errors = {}
        if self.doi:
            doi = normalise_doi(self.doi)
            if not doi:
                errors["doi"] = _("Enter a DOI such as 10.1145/3448016.3452841.")
            self.doi = doi or self.doi
        if self.arxiv_id:
            arxiv_id = normalise_arxiv_id(self.arxiv_id)
            if not arxiv_id:
                errors["arxiv_id"] = _("Enter an arXiv identifier such as 2401.01234.")
            self.arxiv_id = arxiv_id or self.arxiv_id
        if self.dblp_key:
            dblp_key = normalise_dblp_key(self.dblp_key)
            if not dblp_key:
                errors["dblp_key"] = _("Enter a DBLP key such as conf/iclr/SmithD24.")
            self.dblp_key = dblp_key or self.dblp_key
        if self.openalex_id:
            openalex_id = normalise_openalex_id(self.openalex_id)
            if not openalex_id:
                errors["openalex_id"] = _("Enter an OpenAlex work id such as W3174427814.")
            self.openalex_id = openalex_id or self.openalex_id
        if self.year is not None and not EARLIEST_YEAR <= self.year <= LATEST_YEAR:
            errors["year"] = _("Enter a year between %(earliest)s and %(latest)s.") % {
                "earliest": EARLIEST_YEAR,
                "latest": LATEST_YEAR,
            }
        if self.publication_date:
            if self.year is None:
                self.year = self.publication_date.year
            elif self.year != self.publication_date.year:
                errors["year"] = _("The year does not match the publication date.")
        if errors:
            raise ValidationError(errors)

"""The fixed lists publications choose from: their kind, where they stand with staff, and
where a release's description came from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    JOURNAL_ARTICLE = "article", _("Journal article")
    CONFERENCE_PAPER = "conference", _("Conference paper")
    PREPRINT = "preprint", _("Preprint")
    BOOK = "book", _("Book")
    BOOK_CHAPTER = "chapter", _("Book chapter")
    THESIS = "thesis", _("Thesis")
    REPORT = "report", _("Technical report")
    DATASET = "dataset", _("Data set")
    SOFTWARE = "software", _("Software")
    OTHER = "other", _("Other")


class ReviewStatus(models.TextChoices):
    """Where a publication stands with staff: harvested ones wait for a look before going public."""

    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    # Kept, never deleted, so that the next harvest recognises the paper and leaves it out.
    REJECTED = "rejected", _("Rejected")


class ReleaseSource(models.TextChoices):
    """Where the description of a release came from."""

    BIBTEX = "bibtex", _("BibTeX file")
    DBLP = "dblp", _("DBLP")
    OPENALEX = "openalex", _("OpenAlex")
    ORCID = "orcid", _("ORCID")
    CROSSREF = "crossref", _("Crossref")
    ARXIV = "arxiv", _("arXiv")
    MANUAL = "manual", _("Entered by staff")

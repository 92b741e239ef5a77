"""The records of publication jobs: each harvest of a member's works and each import of an
uploaded file, as staff follow them in the admin."""

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import Job, JobStatus
from members.models import Member

# A harvest never waits for a confirmation.
HARVEST_STATUSES = [status for status in JobStatus.values if status != JobStatus.PREVIEWED]


class HarvestTrigger(models.TextChoices):
    STAFF = "staff", _("Staff, from the admin")
    SCHEDULE = "schedule", _("The schedule")
    COMMAND = "command", _("The harvest command")


class ImportStage(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    IMPORT = "import", _("Import")


def _private_storage():
    # Uploads wait here for their job, outside MEDIA_ROOT: never served to anyone.
    return storages["private"]


class ImportCounts(models.Model):
    """What an import did, as numbers: the counts of `ImportReport.summary()`."""

    created = models.PositiveIntegerField(_("created"), default=0)
    merged = models.PositiveIntegerField(_("merged"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    pending = models.PositiveIntegerField(_("pending review"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)

    class Meta:
        abstract = True

    def counts_text(self) -> str:
        return _(
            "%(created)d new, %(merged)d completed, %(unchanged)d unchanged, %(pending)d waiting "
            "for review, %(skipped)d skipped"
        ) % {
            "created": self.created,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "pending": self.pending,
            "skipped": self.skipped,
        }


class HarvestJob(ImportCounts, Job):
    """One harvest of a member's works from DBLP, ORCID and OpenAlex, completed by Crossref and
    arXiv: what each source gave, what failed, and what the import made of it."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="harvest_jobs", verbose_name=_("member")
    )
    trigger = models.CharField(
        _("started from"), max_length=10, choices=HarvestTrigger, default=HarvestTrigger.STAFF
    )
    # [{"source": "OpenAlex", "works": 412}, …] and [{"source": "ORCID", "reason": "…"}, …]
    sources_read = models.JSONField(_("sources read"), default=list, blank=True)
    source_errors = models.JSONField(_("source errors"), default=list, blank=True)
    # What staff may want to look at: skipped works and authors several members could be.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")
        indexes = [models.Index(fields=["member", "-queued_at"], name="harvestjob_member_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=HARVEST_STATUSES), name="harvestjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=HarvestTrigger.values), name="harvestjob_trigger_valid"
            ),
        ]

    def __str__(self):
        return _("Harvest of %(member)s") % {"member": self.member}

    def get_absolute_url(self):
        return reverse("admin:publications_harvestjob_change", args=[self.pk])


class ImportJob(ImportCounts, Job):
    """One upload of a publication list: read and previewed in the background, then, once
    staff confirm the preview, imported."""

    stage = models.CharField(
        _("stage"), max_length=10, choices=ImportStage, default=ImportStage.PREVIEW
    )
    upload = models.FileField(
        _("file"), upload_to="imports/%Y/%m/", storage=_private_storage, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("member"),
        help_text=_("The member whose publication list this is, if any."),
    )
    approve = models.BooleanField(_("approve directly"), default=True)
    # The preview's report (counts, and the first titles of each list), then the import's.
    report = models.JSONField(_("report"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ImportStage.values), name="importjob_stage_valid"
            ),
        ]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("admin:publications_publication_import_job", args=[self.pk])

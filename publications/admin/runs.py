"""The admin's pages of jobs: every harvest and every import, where it stands, what it did and
why it failed; failed ones can be retried."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.pagination import AdminPaginator

from ..jobs import retry_jobs
from ..runs import HarvestJob, ImportJob

TIMES = ("queued_at", "started_at", "finished_at", "heartbeat_at")


class JobAdmin(admin.ModelAdmin):
    """Jobs are written by the application, read by staff: nothing to add or edit by hand."""

    list_filter = ("status",)
    paginator = AdminPaginator
    show_full_result_count = False
    actions = ("retry",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, job):
        return job.progress_text() or "—"

    @admin.display(description=_("counts"))
    def counts(self, job):
        return job.counts_text()

    def has_retry_permission(self, request):
        # A retry writes publications again: for those who may add them.
        return request.user.has_perm("publications.add_publication")

    @admin.action(description=_("Retry the selected failed jobs"), permissions=["retry"])
    def retry(self, request, queryset):
        count = retry_jobs(queryset)
        self.message_user(
            request,
            ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(HarvestJob)
class HarvestJobAdmin(JobAdmin):
    list_display = ("member", "status", "progress", "counts", "errors", *TIMES[:3], "trigger")
    list_filter = ("status", "trigger")
    list_select_related = ("member",)
    search_fields = ("member__search_name__contains",)
    search_help_text = _("Search by member name.")
    fields = (
        "member",
        "trigger",
        "started_by",
        "status",
        "progress",
        "counts",
        "read_from",
        "errors",
        "error",
        "skipped_works",
        "attempts",
        *TIMES,
    )
    readonly_fields = fields

    @admin.display(description=_("works read"))
    def read_from(self, job):
        return format_html_join(
            ", ", "{}: {}", ((item["source"], item["works"]) for item in job.sources_read)
        )

    @admin.display(description=_("source errors"))
    def errors(self, job):
        if not job.source_errors:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            ((item["source"], item["reason"]) for item in job.source_errors),
        )

    @admin.display(description=_("skipped works"))
    def skipped_works(self, job):
        skipped = (job.details or {}).get("skipped") or []
        return format_html_join(mark_safe("<br>"), "{}: {}", skipped) if skipped else "—"


@admin.register(ImportJob)
class ImportJobAdmin(JobAdmin):
    list_display = ("file_name", "stage", "status", "progress", "counts", "member", *TIMES[:3])
    list_filter = ("status", "stage")
    list_select_related = ("member",)
    search_fields = ("file_name",)
    fields = (
        "job_page",
        "file_name",
        "file_format",
        "member",
        "approve",
        "started_by",
        "stage",
        "status",
        "progress",
        "counts",
        "error",
        "attempts",
        "confirmed_at",
        *TIMES,
    )
    readonly_fields = fields

    @admin.display(description=_("page"))
    def job_page(self, job):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:publications_publication_import_job", args=[job.pk]),
            _("Preview and result"),
        )

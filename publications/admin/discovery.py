"""The admin's page of expertise computations: every run, where it stands and what it did;
staff start a computation of every member from it (or of some members, from the member
list), and retry failed ones. Nothing is computed in the request: a worker does it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.jobs import JobStatus

from ..discovery.jobs import retry_expertise, start_expertise
from ..discovery.models import ExpertiseJob, ExpertiseTrigger
from .runs import TIMES, JobAdmin

START_PERMISSION = "publications.add_expertisejob"


@admin.register(ExpertiseJob)
class ExpertiseJobAdmin(JobAdmin):
    list_display = ("__str__", "trigger", "status", "progress", "outcome", *TIMES[:3])
    list_filter = ("status", "trigger")
    list_select_related = ("started_by",)
    fields = (
        "everyone",
        "members_computed",
        "trigger",
        "started_by",
        "status",
        "progress",
        "outcome",
        "error",
        "attempts",
        *TIMES,
    )
    readonly_fields = fields

    @admin.display(description=_("result"))
    def outcome(self, job):
        return job.summary() or "—"

    @admin.display(description=_("members computed"))
    def members_computed(self, job):
        return "—" if job.everyone else f"{len(job.member_ids):,}"

    def get_urls(self):
        return [
            path(
                "compute/",
                self.admin_site.admin_view(self.compute_view),
                name="publications_expertisejob_compute",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_compute": request.user.has_perm(START_PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def compute_view(self, request):
        """Queue a computation of every published member (the button of the list)."""
        if not request.user.has_perm(START_PERMISSION):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        waiting = ExpertiseJob.objects.filter(status=JobStatus.QUEUED, everyone=True).exists()
        start_expertise(trigger=ExpertiseTrigger.STAFF, started_by=request.user)
        if waiting:
            message = _("A computation of every member was already queued: it was not doubled.")
        else:
            message = _("A computation of every member is queued; this list shows where it stands.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:publications_expertisejob_changelist"))

    def has_retry_permission(self, request):
        return request.user.has_perm(START_PERMISSION)

    @admin.action(description=_("Retry the selected failed jobs"), permissions=["retry"])
    def retry(self, request, queryset):
        count = retry_expertise(queryset)
        self.message_user(
            request,
            ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.action(description=_("Compute the expertise and similar members of the selected members"))
def compute_expertise_of_members(modeladmin, request, queryset):
    """Queue one computation of the selected members (an action of the member list)."""
    if not request.user.has_perm(START_PERMISSION):
        raise PermissionDenied
    member_ids = list(queryset.values_list("pk", flat=True))
    start_expertise(member_ids=member_ids, trigger=ExpertiseTrigger.STAFF, started_by=request.user)
    modeladmin.message_user(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            ngettext(
                "The expertise of %(count)d member will be computed.",
                "The expertise of %(count)d members will be computed.",
                len(member_ids),
            )
            % {"count": len(member_ids)},
            reverse("admin:publications_expertisejob_changelist"),
            _("Follow the computation"),
        ),
        messages.SUCCESS,
    )

"""The member admin as publications extend it: staff harvest the selected members' works."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.admin import MemberAdmin
from members.models import Member

from ..importing.harvest import harvest_member

# Each harvest asks up to three services; more members at once would outlast the request.
MAX_MEMBERS_PER_HARVEST = 10


@admin.action(description=_("Harvest publications (DBLP, OpenAlex, ORCID)"), permissions=["change"])
def harvest_publications(modeladmin, request, queryset):
    """Fetch the selected members' works; what is new waits for review."""
    if not request.user.has_perm("publications.add_publication"):
        raise PermissionDenied
    if queryset.count() > MAX_MEMBERS_PER_HARVEST:
        modeladmin.message_user(
            request,
            _("Select at most %(count)d members at a time.") % {"count": MAX_MEMBERS_PER_HARVEST},
            messages.ERROR,
        )
        return
    for member in queryset:
        report = harvest_member(member=member)
        for message in report.failure_messages():
            modeladmin.message_user(
                request,
                _("%(member)s — %(message)s") % {"member": member, "message": message},
                messages.WARNING,
            )
        if not report.read and not report.failures:
            modeladmin.message_user(
                request,
                _("%(member)s: the profile has no DBLP, OpenAlex or ORCID identifier.")
                % {"member": member},
                messages.WARNING,
            )
            continue
        summary = report.imported.summary()
        modeladmin.message_user(
            request,
            _(
                "%(member)s: %(created)d new, %(merged)d completed, %(unchanged)d unchanged, "
                "%(pending)d waiting for review, %(skipped)d skipped."
            )
            % {
                "member": member,
                **summary,
                "skipped": summary["skipped"] + len(report.unreadable_works),
            },
            messages.SUCCESS if report.read else messages.WARNING,
        )


class MemberWithPublicationsAdmin(MemberAdmin):
    """The member admin, with the actions that bring a member's publications in."""

    actions = (*MemberAdmin.actions, harvest_publications)


admin.site.unregister(Member)
admin.site.register(Member, MemberWithPublicationsAdmin)

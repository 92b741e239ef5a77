"""The member admin as publications extend it: staff harvest the selected members' works."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.admin import MemberAdmin
from members.models import Member

from ..jobs import enqueue_harvests
from ..jobs.harvests import harvestable
from ..runs import HarvestTrigger
from .discovery import compute_expertise_of_members


@admin.action(description=_("Harvest publications (DBLP, OpenAlex, ORCID)"), permissions=["change"])
def harvest_publications(modeladmin, request, queryset):
    """Queue a harvest of each selected member; what it brings waits for review."""
    if not request.user.has_perm("publications.add_publication"):
        raise PermissionDenied
    without_source = queryset.count() - harvestable(queryset).count()
    jobs = enqueue_harvests(members=queryset, trigger=HarvestTrigger.STAFF, started_by=request.user)
    if jobs:
        modeladmin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "%(count)d harvest queued; new publications will wait for review.",
                    "%(count)d harvests queued; new publications will wait for review.",
                    len(jobs),
                )
                % {"count": len(jobs)},
                reverse("admin:publications_harvestjob_changelist"),
                _("Follow the harvests"),
            ),
            messages.SUCCESS,
        )
    if without_source:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d member has no DBLP, OpenAlex or ORCID identifier on their profile.",
                "%(count)d members have no DBLP, OpenAlex or ORCID identifier on their profile.",
                without_source,
            )
            % {"count": without_source},
            messages.WARNING,
        )
    elif not jobs:
        modeladmin.message_user(
            request,
            _("The selected members' harvests are already queued or running."),
            messages.WARNING,
        )


class MemberWithPublicationsAdmin(MemberAdmin):
    """The member admin, with the actions that bring a member's publications in."""

    actions = (*MemberAdmin.actions, harvest_publications, compute_expertise_of_members)


admin.site.unregister(Member)
admin.site.register(Member, MemberWithPublicationsAdmin)

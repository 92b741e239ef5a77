import logging
import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.admin import PublishActionsMixin
from members.forms import EditConflictFormMixin
from members.history_admin import GuardedHistoryAdmin
from members.models import Member
from members.pagination import AdminPaginator

from .filters import publication_years
from .harvest import harvest_member
from .importers import UnreadableFile, guess_format, parse
from .importers.base import decode
from .models import Authorship, Publication, Release, ReviewStatus
from .services import ImportInterrupted, import_publications, review_publications

logger = logging.getLogger(__name__)

# Uploads are kept in the session between the preview and the confirmation.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "publication_imports"
# Each harvest asks up to three services; more members at once would outlast the request.
MAX_MEMBERS_PER_HARVEST = 10


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    fields = ("position", "name", "member", "hidden_from_profile", "featured")
    autocomplete_fields = ("member",)
    ordering = ("position",)
    extra = 1


class ReleaseInline(admin.TabularInline):
    model = Release
    fields = ("kind", "venue", "year", "date", "doi", "arxiv_id", "url", "source")
    extra = 0


# Deleting a rejected publication would let the next harvest bring it back as new.
KEEP_REJECTED = _(
    "A rejected publication is kept so that harvests recognise it and leave it out; it cannot "
    "be deleted. Approve it first if it should come back."
)


@admin.action(description=_("Delete the selected publications"), permissions=["delete"])
def delete_except_rejected(modeladmin, request, queryset):
    """Django's delete action, with the rejected publications left out and staff told why."""
    rejected = queryset.filter(review_status=ReviewStatus.REJECTED).count()
    if rejected and not request.POST.get("post"):
        modeladmin.message_user(request, KEEP_REJECTED, messages.WARNING)
    others = queryset.exclude(review_status=ReviewStatus.REJECTED)
    if not others.exists():
        return None
    return delete_selected(modeladmin, request, others)


class PublicationImportForm(forms.Form):
    """A publication list file to preview, then import."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("BibTeX (.bib), DBLP person XML, OpenAlex or ORCID works JSON; 5 MB at most."),
    )
    format = forms.ChoiceField(
        label=_("format"),
        required=False,
        choices=[
            ("", _("Guess from the file")),
            ("bibtex", "BibTeX"),
            ("dblp", _("DBLP person XML")),
            ("openalex", _("OpenAlex works JSON")),
            ("orcid", _("ORCID works JSON")),
        ],
    )
    member = forms.ModelChoiceField(
        label=_("member"),
        required=False,
        queryset=Member.objects.order_by("sort_name", "pk"),
        help_text=_("The member whose publication list this is, if any."),
    )
    approve = forms.BooleanField(
        label=_("approve directly"),
        required=False,
        initial=True,
        help_text=_("Untick to leave the new publications pending review."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        text = decode(upload.read())
        try:
            file_format = cleaned.get("format") or guess_format(upload.name, text)
            self.parsed = parse(text, format=file_format)
        except UnreadableFile as error:
            raise forms.ValidationError(
                {"file": _("This file cannot be read: %(reason)s.") % {"reason": error}}
            ) from None
        cleaned.update(text=text, format=file_format)
        return cleaned


def _run_import(upload: dict, *, dry_run: bool):
    """The file read, and what importing it does; with `dry_run` everything is rolled back."""
    parsed = parse(upload["text"], format=upload["format"])
    member = Member.objects.filter(pk=upload["member"]).first() if upload["member"] else None
    status = ReviewStatus.APPROVED if upload["approve"] else ReviewStatus.PENDING
    with transaction.atomic():
        report = import_publications(entries=parsed.entries, member=member, status=status)
        if dry_run:
            transaction.set_rollback(True)
    return parsed, report, member


class PublicationAdminForm(EditConflictFormMixin, forms.ModelForm):
    class Meta:
        model = Publication
        fields = ("title",)


class YearListFilter(admin.SimpleListFilter):
    """The years publications appeared in, read from the year index (not DISTINCT over every
    row)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), year) for year in publication_years(Publication.objects.all())]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(year=int(value)) if value and value.isdigit() else queryset


@admin.register(Publication)
class PublicationAdmin(PublishActionsMixin, GuardedHistoryAdmin):
    form = PublicationAdminForm
    list_display = ("title", "year", "kind", "venue", "doi", "is_published", "review_status")
    list_filter = ("review_status", "is_published", YearListFilter, "kind", "topics")
    # A million publications: newest added first is the primary key's order (no sort), and
    # the count is estimated beyond 10,000 rows.
    ordering = ("-pk",)
    paginator = AdminPaginator
    search_fields = ("title", "doi", "arxiv_id", "dblp_key", "openalex_id", "authorships__name")
    search_help_text = _("Search by title, DOI, arXiv id or author name.")
    autocomplete_fields = ("topics",)
    inlines = (AuthorshipInline, ReleaseInline)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False
    actions = (*PublishActionsMixin.actions, "approve", "reject")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    "is_published",
                    "review_status",
                    "edited_version",
                )
            },
        ),
        (_("Publication"), {"fields": ("venue", "year", "publication_date")}),
        (_("Abstract"), {"fields": ("abstract",)}),
        (
            _("Identifiers and links"),
            {
                "fields": (
                    "doi",
                    "arxiv_id",
                    "dblp_key",
                    "openalex_id",
                    "url",
                    "pdf_url",
                    "code_url",
                )
            },
        ),
        (_("Authors and topics"), {"fields": ("authors_complete", "topics")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # What staff type in themselves needs no review: a new publication is approved.
        (name, options), *others = self.fieldsets
        fields = tuple(f for f in options["fields"] if f != "review_status")
        return ((name, {**options, "fields": fields}), *others)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.review_status == ReviewStatus.REJECTED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        publication = self.get_object(request, unquote(object_id))
        if publication is not None and publication.review_status == ReviewStatus.REJECTED:
            self.message_user(request, KEEP_REJECTED, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:publications_publication_change", args=[publication.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                delete_except_rejected,
                "delete_selected",
                delete_except_rejected.short_description,
            )
        return actions

    @admin.action(description=_("Approve the selected publications"), permissions=["change"])
    def approve(self, request, queryset):
        count = review_publications(publications=queryset, status=ReviewStatus.APPROVED)
        self.message_user(
            request,
            ngettext("%(count)d publication approved.", "%(count)d publications approved.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected publications"), permissions=["change"])
    def reject(self, request, queryset):
        count = review_publications(publications=queryset, status=ReviewStatus.REJECTED)
        self.message_user(
            request,
            ngettext(
                "%(count)d publication rejected; harvests will leave it out.",
                "%(count)d publications rejected; harvests will leave them out.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="publications_publication_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a file, see what importing it would do, then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import publications"),
        }
        if request.method == "POST" and "token" in request.POST:
            upload = request.session.get(SESSION_KEY, {}).pop(request.POST["token"], None)
            request.session.modified = True
            if upload is None:
                self.message_user(
                    request, _("This preview has expired; upload the file again."), messages.ERROR
                )
                return HttpResponseRedirect(request.path)
            try:
                parsed, report, member = _run_import(upload, dry_run=False)
            except ImportInterrupted as error:
                return self._interrupted(request, context, error)
            self.message_user(request, _("The publications were imported."), messages.SUCCESS)
            return self._report_page(request, context, upload, parsed, report, member, done=True)
        form = PublicationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = {
                "name": data["file"].name,
                "text": data["text"],
                "format": data["format"],
                "member": data["member"].pk if data["member"] else None,
                "approve": data["approve"],
            }
            try:
                parsed, report, member = _run_import(upload, dry_run=True)
            except ImportInterrupted as error:
                return self._interrupted(request, context, error)
            token = secrets.token_urlsafe(16)
            request.session.setdefault(SESSION_KEY, {})[token] = upload
            request.session.modified = True
            context["token"] = token
            return self._report_page(request, context, upload, parsed, report, member, done=False)
        context["form"] = form
        return TemplateResponse(request, "admin/publications/publication/import.html", context)

    def _interrupted(self, request, context, error):
        """The upload form again, saying that nothing of the interrupted import was kept."""
        logger.warning("Admin import interrupted: %s", error)
        if not connection.in_atomic_block:
            # A connection lost for good is replaced, so that the page itself can be drawn.
            connection.close_if_unusable_or_obsolete()
        self.message_user(request, error.nothing_saved_message(), messages.ERROR)
        context["form"] = PublicationImportForm()
        return TemplateResponse(request, "admin/publications/publication/import.html", context)

    def _report_page(self, request, context, upload, parsed, report, member, *, done):
        context.update(
            upload=upload,
            member=member,
            done=done,
            report=report,
            skipped=parsed.errors + report.skipped,
            pending_count=len(report.pending),
        )
        return TemplateResponse(
            request, "admin/publications/publication/import_report.html", context
        )


@admin.register(Authorship)
class AuthorshipAdmin(GuardedHistoryAdmin):
    list_display = ("name", "publication", "position", "member", "hidden_from_profile", "featured")
    list_filter = ("hidden_from_profile", "featured")
    list_select_related = ("publication", "member")
    search_fields = ("name", "publication__title")
    autocomplete_fields = ("publication", "member")


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


# The member admin belongs to `members`, which knows nothing of publications: the action is
# added from here.
_member_admin = admin.site.get_model_admin(Member)
_member_admin.actions = (*(_member_admin.actions or ()), harvest_publications)

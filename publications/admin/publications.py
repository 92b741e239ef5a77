"""The publication pages of the admin: publications with their authors and releases, and
authorships."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import PlainLinkFieldsMixin, PublishActionsMixin
from core.forms import EditConflictFormMixin
from core.history_admin import GuardedHistoryAdmin
from core.pagination import AdminPaginator
from core.widgets import LabelledAutocompleteSelect
from members.models import Member

from ..models import Authorship, Publication, Release, ReviewStatus
from ..search import publication_years
from ..services import review_publications
from .imports import ImportViewMixin
from .search import search_authorships, search_publications


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    fields = ("position", "name", "member", "hidden_from_profile", "featured")
    autocomplete_fields = ("member",)
    ordering = ("position",)
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The linked members' names in one query, not one per author of a long list.
            widget = formset.form.base_fields["member"].widget
            widget = getattr(widget, "widget", widget)  # inside the add/change link wrapper
            widget.known_labels = {
                str(member.pk): str(member)
                for member in Member.objects.filter(authorships__publication=obj)
            }
        return formset


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
class PublicationAdmin(
    PlainLinkFieldsMixin, ImportViewMixin, PublishActionsMixin, GuardedHistoryAdmin
):
    form = PublicationAdminForm
    list_display = ("title", "year", "kind", "venue", "doi", "is_published", "review_status")
    list_filter = ("review_status", "is_published", YearListFilter, "kind", "topics")
    # A million publications: newest added first is the primary key's order (no sort), and
    # the count is estimated beyond 10,000 rows.
    ordering = ("-pk",)
    paginator = AdminPaginator
    # On SQLite; PostgreSQL searches the indexes instead (get_search_results).
    search_fields = ("title", "doi", "arxiv_id", "dblp_key", "openalex_id", "authorships__name")
    search_help_text = _("Search by title, DOI, arXiv id or author name.")
    autocomplete_fields = ("topics",)
    inlines = (AuthorshipInline, ReleaseInline)
    readonly_fields = ("created_at", "updated_at")
    # Rendering a row costs about a millisecond: 50 rows a page, not 100.
    list_per_page = 50
    show_full_result_count = False
    # Counting each filter's choices would read a million rows per choice.
    show_facets = admin.ShowFacets.NEVER
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
        (_("Languages"), {"fields": (("title_language", "abstract_language"),)}),
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

    def get_search_results(self, request, queryset, search_term):
        found = search_publications(queryset, search_term) if search_term.strip() else None
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

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


@admin.register(Authorship)
class AuthorshipAdmin(GuardedHistoryAdmin):
    list_display = ("name", "publication", "position", "member", "hidden_from_profile", "featured")
    list_filter = ("hidden_from_profile", "featured")
    list_select_related = ("publication", "member")
    # Three million rows: newest first is the primary key's order (the author lists' order,
    # position, would sort them all), and the count is estimated beyond 10,000 rows.
    ordering = ("-pk",)
    paginator = AdminPaginator
    # Rendering a row costs about a millisecond: 50 rows a page, not 100.
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("name", "publication__title")
    search_help_text = _("Search by publication title or identifier, or by member name.")
    autocomplete_fields = ("publication", "member")

    def get_search_results(self, request, queryset, search_term):
        found = search_authorships(queryset, search_term) if search_term.strip() else None
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

"""The publication pages of the admin: publications with their authors and releases, and
authorships."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    DropDownFilter,
    PlainLinkFieldsMixin,
    PublishActionsMixin,
    QuickRowLinksChangeList,
)
from core.forms import EditConflictFormMixin
from core.history_admin import GuardedHistoryAdmin
from core.pagination import AdminPaginator
from core.widgets import LabelledAutocompleteSelect
from members.models import Member

from ..evidence import coauthors_in_common, describe
from ..importing.merge import COMPARED_FIELDS
from ..models import (
    Authorship,
    Publication,
    Release,
    ReviewStatus,
    SuggestedChange,
    SuggestionStatus,
)
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


class ReviewChangeList(QuickRowLinksChangeList):
    """The publication list with what its review column shows: the linked members and whether
    a change waits, for the listed rows only (two queries a page, not one a row)."""

    def get_queryset(self, request, exclude_parameters=None):
        # What the column writes of each: the member's name and the link's evidence.
        linked = (
            Authorship.objects.filter(member__isnull=False)
            .select_related("member")
            .only("publication", "evidence", "member__given_name", "member__family_name")
        )
        waiting = SuggestedChange.objects.filter(status=SuggestionStatus.OPEN).only(
            "pk", "publication"
        )
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                Prefetch("authorships", linked, to_attr="linked_authorships"),
                Prefetch("suggestions", waiting, to_attr="open_suggestions"),
            )
        )


@admin.register(Publication)
class PublicationAdmin(
    PlainLinkFieldsMixin, ImportViewMixin, PublishActionsMixin, GuardedHistoryAdmin
):
    form = PublicationAdminForm
    list_display = (
        "title",
        "year",
        "kind",
        "venue",
        "doi",
        "is_published",
        "review_status",
        "why_linked",
    )
    list_filter = (
        "review_status",
        "is_published",
        YearListFilter,
        "kind",
        ("topics", DropDownFilter),
    )
    # A million publications: newest added first is the primary key's order (no sort), and
    # the count is estimated beyond 10,000 rows.
    ordering = ("-pk",)
    paginator = AdminPaginator
    # On SQLite; PostgreSQL searches the indexes instead (get_search_results).
    search_fields = ("title", "doi", "arxiv_id", "dblp_key", "openalex_id", "authorships__name")
    search_help_text = _("Search by title, DOI, arXiv id or author name.")
    autocomplete_fields = ("topics",)
    inlines = (AuthorshipInline, ReleaseInline)
    readonly_fields = ("created_at", "updated_at", "review_evidence", "curated_fields")
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
        (_("Review"), {"fields": ("review_evidence", "curated_fields")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_changelist(self, request, **kwargs):
        return ReviewChangeList

    @admin.display(description=_("why it is here"))
    def why_linked(self, publication):
        """Each linked member and how, and whether a suggested change waits."""
        lines = [
            (author.member, describe(author.evidence) or _("no evidence recorded"))
            for author in getattr(publication, "linked_authorships", [])
        ]
        text = format_html_join("", "<div>{}: {}</div>", lines)
        if getattr(publication, "open_suggestions", None):
            url = reverse("admin:publications_suggestedchange_changelist")
            text += format_html(
                '<div><a href="{}?publication__id__exact={}">{}</a></div>',
                url,
                publication.pk,
                _("A suggested change waits"),
            )
        return text

    @admin.display(description=_("why linked, and what waits"))
    def review_evidence(self, publication):
        """Each author's link and its evidence, the sources, and the suggestions waiting."""
        if publication.pk is None:
            return "—"
        authorships = list(publication.authorships.select_related("member"))
        candidates = {pk for a in authorships for pk in a.evidence.get("candidates", ())}
        names = {m.pk: str(m) for m in Member.objects.filter(pk__in=candidates)}
        by_name = [a.member_id for a in authorships if a.evidence.get("by") == "name"]
        common = coauthors_in_common(publication, by_name) if by_name else {}
        rows = []
        for author in authorships:
            why = describe(author.evidence, names=names)
            if author.member_id in common:
                why = _("%(evidence)s; co-authors in common: %(names)s") % {
                    "evidence": why,
                    "names": ", ".join(common[author.member_id]),
                }
            if author.member_confirmed:
                why = _("%(evidence)s; the member confirmed it") % {"evidence": why}
            rows.append((author.name, author.member or "—", why or "—"))
        sources = sorted({str(r.get_source_display()) for r in publication.releases.all()}) or ["—"]
        waiting = publication.suggestions.filter(status=SuggestionStatus.OPEN).count()
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table><p>{} {}</p>{}',
            _("Author"),
            _("Member"),
            _("Why"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
            _("Sources:"),
            ", ".join(sources),
            format_html(
                '<p><a href="{}?publication__id__exact={}">{}</a></p>',
                reverse("admin:publications_suggestedchange_changelist"),
                publication.pk,
                ngettext(
                    "%(count)d suggested change waits for review.",
                    "%(count)d suggested changes wait for review.",
                    waiting,
                )
                % {"count": waiting},
            )
            if waiting
            else "",
        )

    def save_model(self, request, obj, form, change):
        # What staff correct by hand is kept: imports propose, never overwrite (merge.py).
        edited = set(form.changed_data) & set(COMPARED_FIELDS)
        if change and edited:
            obj.curated_fields = sorted(set(obj.curated_fields or ()) | edited)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Authorship:
            for inline_form in formset.forms:
                if "member" in inline_form.changed_data and inline_form.instance.member_id:
                    inline_form.instance.evidence = {"by": "staff"}
        super().save_formset(request, form, formset, change)

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

"""The review of what harvests suggest: each suggested change compared field by field with
what visitors see, accepted or rejected in bulk; and the papers members disclaimed."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.pagination import AdminPaginator
from members.models import Member

from ..evidence import describe
from ..models import Disclaimer, Publication, SuggestedChange
from ..services import accept_suggestions, reject_suggestions

REASONS = {
    "approved": _("a source brings new values for an approved publication"),
    "curated": _("a source says otherwise of a field staff edited by hand"),
    "unconfirmed": _("found through an identifier the member typed, not confirmed by staff"),
}


def _field_label(name: str) -> str:
    if name == "authors":
        return str(_("Authors"))
    return capfirst(str(Publication._meta.get_field(name).verbose_name))


def _authors_text(rows: list, names: dict[int, str]) -> str:
    return "; ".join(
        f"{name} → {names.get(pk, pk)}" if pk else str(name) for name, pk in rows or ()
    )


@admin.register(SuggestedChange)
class SuggestedChangeAdmin(admin.ModelAdmin):
    list_display = (
        "publication",
        "changed_fields",
        "member",
        "source",
        "reason",
        "status",
        "created_at",
    )
    list_filter = ("status", "source")
    list_select_related = ("publication", "member")
    ordering = ("-pk",)
    paginator = AdminPaginator
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("publication__title",)
    actions = ("accept", "reject")
    fields = (
        "publication",
        "member",
        "source",
        "status",
        "reason",
        "comparison",
        "evidence_text",
        "member_confirmed",
        "created_at",
        "decided_at",
        "decided_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("fields"))
    def changed_fields(self, suggestion):
        return ", ".join(_field_label(name) for name in suggestion.changes)

    @admin.display(description=_("why"))
    def reason(self, suggestion):
        return REASONS.get(suggestion.evidence.get("reason"), "—")

    @admin.display(description=_("comparison"))
    def comparison(self, suggestion):
        """What visitors see now and what the source proposes, field by field."""
        pks = {
            pk
            for key in ("current", "proposed")
            for _name, pk in suggestion.changes.get("authors", {}).get(key, ())
            if pk
        }
        names = {m.pk: str(m) for m in Member.objects.filter(pk__in=pks)}
        rows = []
        for name, change in suggestion.changes.items():
            current, proposed = change.get("current"), change.get("proposed")
            if name == "authors":
                current, proposed = _authors_text(current, names), _authors_text(proposed, names)
            rows.append((_field_label(name), current or "—", proposed or "—"))
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Field"),
            _("Now (what visitors see)"),
            _("Proposed"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("evidence"))
    def evidence_text(self, suggestion):
        links = suggestion.evidence.get("links", [])
        if not links:
            return "—"
        return format_html_join(
            "",
            "<div>{} ({}): {}</div>",
            (
                (link.get("member_name", ""), link.get("author", "—"), describe(link))
                for link in links
            ),
        )

    @admin.action(description=_("Accept the selected suggested changes"), permissions=["change"])
    def accept(self, request, queryset):
        decision = accept_suggestions(suggestions=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d suggested change accepted and applied.",
                "%(count)d suggested changes accepted and applied.",
                decision.accepted,
            )
            % {"count": decision.accepted},
            messages.SUCCESS,
        )
        for suggestion, reason in decision.refused:
            self.message_user(
                request,
                _("Not applied, “%(title)s”: %(reason)s")
                % {"title": suggestion.publication.title, "reason": reason},
                messages.WARNING,
            )

    @admin.action(description=_("Reject the selected suggested changes"), permissions=["change"])
    def reject(self, request, queryset):
        count = reject_suggestions(suggestions=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d suggested change rejected; it will not be proposed again.",
                "%(count)d suggested changes rejected; they will not be proposed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ("member", "publication", "created_at")
    list_select_related = ("member", "publication")
    ordering = ("-pk",)
    paginator = AdminPaginator
    list_per_page = 50
    show_full_result_count = False
    search_fields = ("publication__title",)
    fields = ("member", "publication", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

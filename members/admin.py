"""The member pages of the admin: members, research topics, membership types and
organisations."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from core.admin import (
    DropDownFilter,
    InUseProtectionMixin,
    PlainLinkFieldsMixin,
    PublishActionsMixin,
)
from core.history_admin import GuardedHistoryAdmin
from core.pagination import AdminPaginator
from core.text import fold

from .completeness import (
    TRANSLATION_CHECKED,
    TRANSLATION_LANGUAGES,
    missing_translation,
    published_completeness,
)
from .forms import MemberAdminForm
from .models import IDENTIFIER_CONFIRMED, Member, MembershipType, Organisation, ResearchTopic
from .services import confirm_identifiers

# The parameter of the admin's autocomplete view (django.contrib.admin.views.autocomplete).
AUTOCOMPLETE_TERM = "term"


@admin.register(ResearchTopic)
class ResearchTopicAdmin(InUseProtectionMixin, GuardedHistoryAdmin, TranslationAdmin):
    list_display = ("name", "slug", "member_count")
    search_fields = ("name_fr", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_fr",)}
    in_use_relations = ("members", "publications")

    def get_queryset(self, request):
        # Counted topic by topic from the links' topic index, for the listed topics only: a
        # join and GROUP BY over every link cost 150 ms at 350,000 links.
        links = (
            Member.research_topics.through.objects.filter(researchtopic=OuterRef("pk"))
            .order_by()
            .values("researchtopic")
            .annotate(n=Count("*"))
            .values("n")
        )
        return super().get_queryset(request).annotate(member_count=Coalesce(Subquery(links), 0))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, topic):
        return topic.member_count


@admin.register(MembershipType)
class MembershipTypeAdmin(TranslationAdmin):
    list_display = ("name", "slug", "display_order")
    list_editable = ("display_order",)
    search_fields = ("name_fr", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_fr",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "url")
    search_fields = ("name",)


class MissingTranslationFilter(admin.SimpleListFilter):
    """Members whose biography or position is not written in one of the site's languages."""

    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            ("bio_en", _("Biography in English")),
            ("bio_fr", _("Biography in French")),
            ("position_title_en", _("Position in English")),
            ("position_title_fr", _("Position in French")),
        ]

    def queryset(self, request, queryset):
        field, _separator, language = (self.value() or "").rpartition("_")
        if field in TRANSLATION_CHECKED and language in TRANSLATION_LANGUAGES:
            return missing_translation(queryset, field, language)
        return queryset


@admin.register(Member)
class MemberAdmin(PlainLinkFieldsMixin, PublishActionsMixin, GuardedHistoryAdmin, TranslationAdmin):
    form = MemberAdminForm
    list_display = (
        "thumbnail",
        "full_name",
        "membership_type",
        "organisation",
        "is_published",
        "updated_at",
    )
    list_display_links = ("thumbnail", "full_name")
    list_filter = (
        "is_published",
        "membership_type",
        ("research_topics", DropDownFilter),
        ("organisation", DropDownFilter),
        MissingTranslationFilter,
    )
    list_select_related = ("membership_type", "organisation")
    # search_name is folded lower case: a plain LIKE, which the trigram index serves.
    search_fields = ("search_name__contains",)
    search_help_text = _("Search by name; accents and case are ignored.")
    autocomplete_fields = ("membership_type", "organisation", "research_topics", "user")
    readonly_fields = ("created_at", "updated_at")
    # Rendering a row costs about a millisecond: 50 rows a page, not 100.
    list_per_page = 50
    show_full_result_count = False
    # The filters list their choices without counting 100,000 members for each.
    show_facets = admin.ShowFacets.NEVER
    paginator = AdminPaginator
    fieldsets = (
        (
            None,
            {"fields": ("given_name", "family_name", "slug", "is_published", "edited_version")},
        ),
        (
            _("Position"),
            {"fields": ("membership_type", "position_title", "organisation", "research_topics")},
        ),
        (_("Portrait"), {"fields": ("portrait", "portrait_alt")}),
        (_("Biography"), {"fields": ("bio",)}),
        (
            _("Links"),
            {
                "fields": (
                    "website",
                    "email",
                    ("orcid", "orcid_confirmed"),
                    "google_scholar_id",
                    ("dblp_pid", "dblp_pid_confirmed"),
                    ("openalex_id", "openalex_id_confirmed"),
                    "github_username",
                )
            },
        ),
        (_("Account"), {"fields": ("user",)}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    actions = (*PublishActionsMixin.actions, "confirm_identifiers")

    def save_model(self, request, obj, form, change):
        # An identifier staff type is one they vouch for.
        for kind, flag in IDENTIFIER_CONFIRMED.items():
            if kind in form.changed_data and getattr(obj, kind):
                setattr(obj, flag, True)
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Confirm the identifiers of the selected members"), permissions=["change"]
    )
    def confirm_identifiers(self, request, queryset):
        confirmed, refused = confirm_identifiers(members=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d identifier confirmed: it now links publications to its member.",
                "%(count)d identifiers confirmed: they now link publications to their members.",
                confirmed,
            )
            % {"count": confirmed},
            messages.SUCCESS,
        )
        for member, kind, holder in refused:
            self.message_user(
                request,
                _("%(member)s: %(holder)s already has this %(identifier)s, confirmed.")
                % {
                    "member": member,
                    "holder": holder,
                    "identifier": Member._meta.get_field(kind).verbose_name,
                },
                messages.WARNING,
            )

    def get_readonly_fields(self, request, obj=None):
        # Accounts are the superusers' business: others see the link but cannot change it.
        if request.user.has_perm("auth.change_user"):
            return self.readonly_fields
        return (*self.readonly_fields, "user")

    def changelist_view(self, request, extra_context=None):
        # How complete each language is, over the published members (kept in the cache).
        counts = published_completeness()
        total = counts["total"]["all"]
        rows = [
            {
                "label": label,
                "languages": [
                    {
                        "code": language,
                        "count": counts[field][language],
                        "percent": round(100 * counts[field][language] / total) if total else 0,
                        "missing": f"{field}_{language}",
                    }
                    for language in TRANSLATION_LANGUAGES
                ],
            }
            for field, label in (("bio", _("Biography")), ("position_title", _("Position")))
        ]
        extra_context = {
            **(extra_context or {}),
            "translation_rows": rows,
            "translation_total": total,
        }
        return super().changelist_view(request, extra_context=extra_context)

    def get_search_results(self, request, queryset, search_term):
        # search_name is accent-folded, so fold the visitor's words the same way.
        return super().get_search_results(request, queryset, fold(search_term))

    def get_paginator(self, request, *args, **kwargs):
        # A name's matches sort together (sort_name starts with the family name), where the
        # planner expects them spread along the name index: a few are sorted once found. The
        # list's search or an autocomplete's (the member of an authorship, 102 ms -> 7).
        paginator = super().get_paginator(request, *args, **kwargs)
        searched = request.GET.get(SEARCH_VAR) or request.GET.get(AUTOCOMPLETE_TERM) or ""
        paginator.found_by_search = bool(searched.strip())
        return paginator

    @admin.display(description=_("name"), ordering="sort_name")
    def full_name(self, member):
        return member.full_name

    @admin.display(description=_("portrait"))
    def thumbnail(self, member):
        if member.portrait:
            return format_html(
                '<img src="{}" alt="" width="40" height="40" class="member-thumbnail">',
                member.card_portrait_url,
            )
        return format_html('<span class="member-initials">{}</span>', member.initials)

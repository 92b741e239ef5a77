"""The member pages of the admin: members, research topics, membership types and
organisations."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import InUseProtectionMixin, PublishActionsMixin
from core.pagination import AdminPaginator
from core.text import fold

from .forms import MemberAdminForm
from .models import Member, MembershipType, Organisation, ResearchTopic


@admin.register(ResearchTopic)
class ResearchTopicAdmin(InUseProtectionMixin, SimpleHistoryAdmin, TranslationAdmin):
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


@admin.register(Member)
class MemberAdmin(PublishActionsMixin, SimpleHistoryAdmin, TranslationAdmin):
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
    list_filter = ("is_published", "membership_type", "research_topics", "organisation")
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
                    "orcid",
                    "google_scholar_id",
                    "dblp_pid",
                    "openalex_id",
                    "github_username",
                )
            },
        ),
        (_("Account"), {"fields": ("user",)}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Accounts are the superusers' business: others see the link but cannot change it.
        if request.user.has_perm("auth.change_user"):
            return self.readonly_fields
        return (*self.readonly_fields, "user")

    def get_search_results(self, request, queryset, search_term):
        # search_name is accent-folded, so fold the visitor's words the same way.
        return super().get_search_results(request, queryset, fold(search_term))

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

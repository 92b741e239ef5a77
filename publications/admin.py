from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin import PublishActionsMixin

from .models import Authorship, Publication


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    fields = ("position", "name", "member")
    autocomplete_fields = ("member",)
    ordering = ("position",)
    extra = 1


@admin.register(Publication)
class PublicationAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = ("title", "year", "kind", "venue", "doi", "is_published")
    list_filter = ("is_published", "year", "kind", "topics")
    search_fields = ("title", "doi", "arxiv_id", "authorships__name")
    search_help_text = _("Search by title, DOI, arXiv id or author name.")
    autocomplete_fields = ("topics",)
    inlines = (AuthorshipInline,)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "is_published")}),
        (_("Publication"), {"fields": ("venue", "year", "publication_date")}),
        (_("Abstract"), {"fields": ("abstract",)}),
        (_("Identifiers and links"), {"fields": ("doi", "arxiv_id", "url", "pdf_url", "code_url")}),
        (_("Authors and topics"), {"fields": ("authors_complete", "topics")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Authorship)
class AuthorshipAdmin(admin.ModelAdmin):
    list_display = ("name", "publication", "position", "member")
    list_select_related = ("publication", "member")
    search_fields = ("name", "publication__title")
    autocomplete_fields = ("publication", "member")

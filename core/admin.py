"""Admin pieces every app's admin uses: bulk publishing and the refusal to delete what is in
use."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PublishActionsMixin:
    """Bulk publish / unpublish for models with an `is_published` flag."""

    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected items"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value):
        changed = 0
        # Saved one by one so that timestamps and derived fields stay right.
        for obj in queryset.exclude(is_published=value):
            obj.is_published = value
            obj.save(update_fields=["is_published", "updated_at"])
            changed += 1
        message = (
            ngettext("%(count)d item published.", "%(count)d items published.", changed)
            if value
            else ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", changed)
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


class InUseProtectionMixin:
    """Refuse, with the admin's usual explanation, to delete a record that is still in use."""

    in_use_relations: tuple[str, ...] = ()

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for relation in self.in_use_relations:
                for user in getattr(obj, relation).all()[:10]:
                    protected.append(
                        format_html("{}: {} ({})", user._meta.verbose_name.capitalize(), user, obj)
                    )
        return to_delete, model_count, perms_needed, protected

"""The admin of records that keep a history (members, topics, publications, authorships).

django-simple-history's page of one past version saves whatever is posted to it as long as the
user may read the history, and it saves the past version whole, fields the user may not edit
included. Here a revert is a change like any other: it needs the right to change the record,
and it leaves every field that is read-only for the user as it is now.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from .admin import QuickSelectionMixin


class GuardedHistoryAdmin(QuickSelectionMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose Revert obeys the same rights as the change form."""

    # simple_history's pages with their inline style moved to css/admin.css (the CSP blocks it).
    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"

    def revert_disabled(self, request, obj=None):
        # With history permissions enforced, simple_history would ask only about the history.
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def may_revert(self, request, current) -> bool:
        """Whether the user may save a past version over `current` (None: the record is gone,
        and reverting creates it again)."""
        if current is None:
            return self.has_add_permission(request) and not self.revert_disabled(request)
        return not self.revert_disabled(request, current)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if not self.may_revert(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and to_historic(obj) is not None:
            # The revert page: what it shows and what it saves is the past version with the
            # fields the user may not edit as they are now.
            self.keep_read_only_fields(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def keep_read_only_fields(self, request, version) -> None:
        """Give `version` (a past version of a record) the current value of every field that is
        read-only for the user. A record that is gone has no current value: its nullable
        read-only fields are emptied (a restored member gets no account the user could not
        link), the others keep the version's value."""
        current = self.model._default_manager.filter(pk=version.pk).first()
        read_only = set(self.get_readonly_fields(request, current))
        for field in self.model._meta.concrete_fields:
            # modeltranslation's per-language copies are read-only with the field they translate.
            translated = getattr(field, "translated_field", None)
            if field.name not in read_only and getattr(translated, "name", None) not in read_only:
                continue
            if current is not None:
                setattr(version, field.attname, getattr(current, field.attname))
            elif field.null:
                setattr(version, field.attname, None)

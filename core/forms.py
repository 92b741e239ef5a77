"""The guard against two members of staff overwriting each other's changes."""

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .history import changes_between


class EditConflictFormMixin(forms.Form):
    """Refuses to save over a change someone else saved since this form was opened.

    The form carries the record's `updated_at` as it was when the page was opened; when the
    record has been saved since, the save is refused and the message lists what the other
    person changed (read from the history). Submitting again then keeps this form's values.
    """

    edited_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edited_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        opened = parse_datetime(cleaned.get("edited_version") or "")
        current = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if opened is None or current is None or opened == current:
            return cleaned
        # The next submit, made knowing what changed, is accepted.
        self.data = self.data.copy()
        self.data[self.add_prefix("edited_version")] = current.isoformat()
        raise forms.ValidationError(self.conflict_message(opened), code="edit_conflict")

    def conflict_message(self, opened):
        history = self.instance.history.all()
        newest = history.first()
        older = history.filter(updated_at=opened).order_by("-history_date").first()
        who = newest.history_user if newest and newest.history_user else _("someone else")
        when = localize(localtime(newest.history_date)) if newest else ""
        intro = _(
            "%(who)s saved this record on %(when)s, after you opened it. Your changes were not "
            "saved. Check the fields below, then save again to keep your version."
        ) % {"who": who, "when": when}
        if newest is None or older is None:
            return intro
        changes = changes_between(older, newest)
        if not changes:
            return intro
        listed = "; ".join(
            _("%(field)s: “%(old)s” → “%(new)s”")
            % {"field": change.label, "old": change.old, "new": change.new}
            for change in changes
        )
        return _("%(intro)s What they changed: %(changes)s") % {"intro": intro, "changes": listed}

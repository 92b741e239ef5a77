"""Forms that accept a member's portrait (the admin's and the member's own profile page), and
the guard against two members of staff overwriting each other's changes."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import images
from .history import changes_between
from .models import Member, ResearchTopic


class PortraitFormMixin:
    """Accepts a portrait only as images.clean_portrait re-encodes it; a refused upload keeps the
    previous portrait, since the form is then invalid and nothing is saved."""

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if isinstance(portrait, UploadedFile):
            # A new upload; an unchanged or cleared portrait needs no check.
            return images.clean_portrait(portrait)
        return portrait


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


class MemberAdminForm(EditConflictFormMixin, PortraitFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        # The admin lists the other fields in its fieldsets.
        fields = ("portrait",)
        # A plain file field: images.clean_portrait decodes the image once and says why it
        # refuses it, instead of the generic "not a valid image".
        field_classes = {"portrait": forms.FileField}


def count_portrait_upload(member) -> bool:
    """Count one more portrait sent by `member` on their own page; False once more than
    PORTRAIT_UPLOADS_PER_HOUR were sent within the hour since the first of them."""
    key = f"portrait-uploads:{member.pk}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        sent = cache.incr(key)
    except ValueError:
        # The hour ended between the two calls: this upload starts the next one.
        cache.add(key, 1, timeout=60 * 60)
        sent = 1
    return sent <= settings.PORTRAIT_UPLOADS_PER_HOUR


class OwnProfileForm(PortraitFormMixin, forms.ModelForm):
    """What members may change on their own profile: biography, links, topics and portrait.

    Each portrait is decoded and re-encoded, so a member may send only a few an hour; staff in
    the admin are not limited."""

    research_topics = forms.ModelMultipleChoiceField(
        label=_("Research topics"),
        queryset=ResearchTopic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Member
        fields = (
            "bio_fr",
            "bio_en",
            "website",
            "email",
            "orcid",
            "google_scholar_id",
            "dblp_pid",
            "github_username",
            "research_topics",
            "portrait",
            "portrait_alt_fr",
            "portrait_alt_en",
        )
        field_classes = {"portrait": forms.FileField}
        labels = {
            "bio_fr": _("Biography in French"),
            "bio_en": _("Biography in English"),
            "portrait_alt_fr": _("Portrait description in French"),
            "portrait_alt_en": _("Portrait description in English"),
        }
        widgets = {
            "bio_fr": forms.Textarea(attrs={"rows": 8}),
            "bio_en": forms.Textarea(attrs={"rows": 8}),
            "portrait": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            ),
        }

    def clean_portrait(self):
        # Counted before decoding, refused files included: decoding is what costs.
        sent = isinstance(self.cleaned_data.get("portrait"), UploadedFile)
        if sent and not count_portrait_upload(self.instance):
            raise forms.ValidationError(
                _(
                    "You have already sent %(count)d portraits within the hour; please try "
                    "again later. Your current portrait is kept."
                )
                % {"count": settings.PORTRAIT_UPLOADS_PER_HOUR},
                code="too_many_uploads",
            )
        return super().clean_portrait()

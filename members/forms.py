"""Forms that accept a member's portrait: the admin's and the member's own profile page."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.forms import EditConflictFormMixin

from . import images
from .models import IDENTIFIER_CONFIRMED, Member, ResearchTopic


class PortraitFormMixin:
    """Accepts a portrait only as images.clean_portrait re-encodes it; a refused upload keeps the
    previous portrait, since the form is then invalid and nothing is saved."""

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if isinstance(portrait, UploadedFile):
            # A new upload; an unchanged or cleared portrait needs no check.
            return images.clean_portrait(portrait)
        return portrait


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
    the admin are not limited. An identifier the member types (ORCID iD, DBLP pid, OpenAlex
    id) is unconfirmed until staff confirm it: anyone may type anyone's."""

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
            "openalex_id",
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

    def save(self, commit=True):
        for kind, flag in IDENTIFIER_CONFIRMED.items():
            if kind in self.changed_data:
                setattr(self.instance, flag, False)
        return super().save(commit)

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

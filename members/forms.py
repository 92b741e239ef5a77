"""Forms that accept a member's portrait: the admin's and the member's own profile page."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.forms import EditConflictFormMixin

from . import images
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


class MemberAdminForm(EditConflictFormMixin, PortraitFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        # The admin lists the other fields in its fieldsets.
        fields = ("portrait",)
        # A plain file field: images.clean_portrait decodes the image once and says why it
        # refuses it, instead of the generic "not a valid image".
        field_classes = {"portrait": forms.FileField}


class OwnProfileForm(PortraitFormMixin, forms.ModelForm):
    """What members may change on their own profile: biography, links, topics and portrait."""

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

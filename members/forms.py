"""Forms that accept a member's portrait: the admin's, and later the member's own profile page."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import images
from .models import Member


class PortraitFormMixin:
    """Accepts a portrait only as images.clean_portrait re-encodes it; a refused upload keeps the
    previous portrait, since the form is then invalid and nothing is saved."""

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if isinstance(portrait, UploadedFile):
            # A new upload; an unchanged or cleared portrait needs no check.
            return images.clean_portrait(portrait)
        return portrait


class MemberAdminForm(PortraitFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        # The admin lists the other fields in its fieldsets.
        fields = ("portrait",)
        # A plain file field: images.clean_portrait decodes the image once and says why it
        # refuses it, instead of the generic "not a valid image".
        field_classes = {"portrait": forms.FileField}

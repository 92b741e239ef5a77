"""Web addresses the pages link to: http and https only.

A `javascript:` or `data:` address in a link runs or shows whatever it holds when a visitor
follows it, and `ftp:` or `file:` ones lead nowhere a browser opens; whether it came from
staff, a member or an imported file, the site keeps none of them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")


def scheme_of(value) -> str:
    """The scheme `value` names before its first colon, lower-cased ("javascript", "https")."""
    return str(value).partition(":")[0].strip().lower()


@deconstructible(path="core.web.WebAddressValidator")
class WebAddressValidator(URLValidator):
    """A well-formed http or https address; another scheme is refused with its own message."""

    scheme_message = _("Enter a web address that starts with http:// or https://.")

    def __init__(self, **kwargs):
        super().__init__(schemes=list(WEB_SCHEMES), **kwargs)

    def __call__(self, value):
        if scheme_of(value) not in self.schemes:
            raise ValidationError(self.scheme_message, code="scheme", params={"value": value})
        super().__call__(value)


validate_web_address = WebAddressValidator()


def is_web_address(value: str, *, max_length: int | None = None) -> bool:
    """Whether `value` is an address `WebAddressField` accepts (of at most `max_length`)."""
    if max_length is not None and len(value) > max_length:
        return False
    try:
        validate_web_address(value)
    except ValidationError:
        return False
    return True


class WebAddressFormField(forms.URLField):
    """A form's web address: http or https, with the same message as the model's."""

    default_validators = [validate_web_address]


class WebAddressField(models.URLField):
    """A link shown on the pages: an http or https address, checked by forms, the admin and
    `full_clean()` alike."""

    default_validators = [validate_web_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebAddressFormField, **kwargs})

"""Validators for the identifiers a member's profile links to."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.identifiers import DBLP_PID_FORMAT, ORCID_FORMAT, orcid_checksum


def validate_orcid(value: str) -> None:
    """Accept `0000-0002-1825-0097`; reject a wrong format or a wrong check digit."""
    if not ORCID_FORMAT.match(value or ""):
        raise ValidationError(
            _("Enter an ORCID iD in the form 0000-0000-0000-0000."), code="orcid_format"
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD has a wrong check digit: please copy it again from orcid.org."),
            code="orcid_checksum",
        )


def validate_dblp_pid(value: str) -> None:
    """Accept `23/7512`, `93/3167-1` or `k/SriramKrishnamoorthy`; reject any other path."""
    if not DBLP_PID_FORMAT.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Enter a DBLP person identifier as in the address of the person’s DBLP page, "
                "such as 23/7512, 93/3167-1 or k/SriramKrishnamoorthy."
            ),
            code="dblp_pid",
        )


validate_google_scholar_id = RegexValidator(
    r"^[A-Za-z0-9_-]{12}$", _("Enter the 12-character Google Scholar user id (user=…).")
)
validate_openalex_author_id = RegexValidator(
    r"^A\d{4,12}$", _("Enter an OpenAlex author id such as A5023888391.")
)
validate_github_username = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$", _("Enter a GitHub user name.")
)

"""Validators for the identifiers a member's profile links to."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

ORCID_FORMAT = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


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


# The person ids DBLP gives: numeric, with a number after a hyphen telling namesakes apart
# (`23/7512`, `93/3167-1`), or the older family-name initial and name (`k/SriramKrishnamoorthy`).
# Nothing else, since the harvest puts the id in a dblp.org address.
DBLP_PID_FORMAT = re.compile(r"\d{1,3}/\d{1,6}(?:-\d{1,3})?|[a-z]/[A-Za-z][A-Za-z0-9]*")


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

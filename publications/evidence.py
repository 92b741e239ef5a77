"""Why an author was linked to a member, or why a change waits, in words staff read: the
evidence imports store with each link (`Authorship.evidence`, `SuggestedChange.evidence`)."""

from django.utils.translation import gettext as _

from core.identifiers import AUTHOR_IDENTIFIERS
from members.models import Member

from .choices import ReleaseSource
from .models import Authorship


def _identifier_label(kind: str) -> str:
    """The name staff know the identifier by: its field's on the member's profile."""
    if kind not in AUTHOR_IDENTIFIERS:
        return kind
    return str(Member._meta.get_field(kind).verbose_name)


def _source_label(value: str) -> str:
    return str(ReleaseSource(value).label) if value in ReleaseSource.values else ""


def describe(evidence: dict, *, names: dict[int, str] | None = None) -> str:
    """One link's evidence as a sentence; `names` are members' names by pk (for the candidates
    of an ambiguous name)."""
    if not evidence:
        return ""
    by, source = evidence.get("by"), _source_label(evidence.get("source", ""))
    if by in AUTHOR_IDENTIFIERS:
        text = _("%(identifier)s %(value)s, confirmed on the profile") % {
            "identifier": _identifier_label(by),
            "value": evidence.get("value", ""),
        }
    elif by == "member list" and evidence.get("through"):
        values = {
            "identifier": _identifier_label(evidence["through"]),
            "value": evidence.get("value", ""),
        }
        if evidence.get("confirmed"):
            text = _("listed for the member's confirmed %(identifier)s %(value)s") % values
        else:
            text = (
                _(
                    "found through the unconfirmed %(identifier)s %(value)s typed by the member; "
                    "not linked until staff accept"
                )
                % values
            )
    elif by == "member list":
        text = _("on the member's own list, imported by staff")
    elif "candidates" in evidence:
        candidates = ", ".join((names or {}).get(pk, str(pk)) for pk in evidence["candidates"])
        text = _("not linked: several members could be “%(name)s” (%(candidates)s)") % {
            "name": evidence.get("name", ""),
            "candidates": candidates,
        }
    elif by == "name":
        text = _("the name as written, “%(name)s”, which only this member has") % {
            "name": evidence.get("name", "")
        }
    elif by == "staff":
        text = _("linked by staff")
    elif "disclaimed_by" in evidence:
        text = _("the member said it is not theirs")
    else:
        text = ""
    if evidence.get("accepted"):
        text = _("%(evidence)s; accepted by staff") % {"evidence": text}
    if source:
        text = _("%(evidence)s (from %(source)s)") % {"evidence": text, "source": source}
    return text


def coauthors_in_common(publication, member_pks: list[int], *, limit: int = 200):
    """For each member, the co-authors of `publication` who also wrote another paper with them:
    what makes a link by name believable. One query."""
    names = list(publication.authorships.values_list("name", flat=True))
    rows = (
        Authorship.objects.filter(publication__authorships__member__in=member_pks, name__in=names)
        .exclude(publication=publication)
        .exclude(member__in=member_pks)
        .values_list("publication__authorships__member", "name")
        .distinct()[:limit]
    )
    common: dict[int, list[str]] = {}
    for member, name in rows:
        common.setdefault(member, []).append(name)
    return {member: sorted(set(found)) for member, found in common.items()}

"""Staff's decision on the changes harvests suggest: accepted ones are applied (with history),
rejected ones are kept so that the same values are not proposed again."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import recorded_as
from members.models import Member

from ..importing.records import PublicationEntry
from ..importing.releases import record_release
from ..importing.rows import write_authorships
from ..models import Authorship, Publication, SuggestedChange, SuggestionStatus


@dataclass
class SuggestionDecision:
    """How many suggestions were accepted, and those that could not be, with the reason."""

    accepted: int = 0
    refused: list[tuple[SuggestedChange, str]] = field(default_factory=list)


def accept_suggestions(*, suggestions, user=None) -> SuggestionDecision:
    """Apply each open suggestion of `suggestions` (a queryset) to its publication, one
    transaction each: one that no longer fits (its DOI now another paper's…) is left open and
    reported."""
    decision = SuggestionDecision()
    for suggestion in suggestions.filter(status=SuggestionStatus.OPEN).select_related(
        "publication"
    ):
        try:
            with transaction.atomic(), recorded_as("suggestion accepted", user=user):
                _apply(suggestion)
                _decide(suggestion, SuggestionStatus.ACCEPTED, user)
        except ValidationError as error:
            decision.refused.append((suggestion, " ".join(error.messages)))
        else:
            decision.accepted += 1
    return decision


def reject_suggestions(*, suggestions, user=None) -> int:
    """Reject the open suggestions of `suggestions`; how many. Kept: brought again, the same
    values are not proposed again."""
    count = 0
    for suggestion in suggestions.filter(status=SuggestionStatus.OPEN):
        _decide(suggestion, SuggestionStatus.REJECTED, user)
        count += 1
    return count


def _decide(suggestion: SuggestedChange, status: str, user) -> None:
    suggestion.status, suggestion.decided_at = status, timezone.now()
    suggestion.decided_by = user if getattr(user, "is_authenticated", False) else None
    suggestion.save(update_fields=["status", "decided_at", "decided_by"])


def _apply(suggestion: SuggestedChange) -> None:
    publication = suggestion.publication
    for name, change in suggestion.changes.items():
        if name != "authors":
            field_ = Publication._meta.get_field(name)
            setattr(publication, name, field_.to_python(change["proposed"]))
    if authors := suggestion.changes.get("authors"):
        _apply_authors(publication, authors, suggestion.evidence.get("links", []))
        publication.authors_complete = authors["complete"]
    publication.full_clean(exclude=["slug"])
    publication.save()
    if release := suggestion.release:
        date = Publication._meta.get_field("publication_date").to_python(
            release.get("publication_date")
        )
        record_release(
            publication,
            PublicationEntry(title=publication.title, **{**release, "publication_date": date}),
        )


def _apply_authors(publication: Publication, change: dict, links: list[dict]) -> None:
    """Bring the author list to the proposed one: rows that stay keep their flags, a member who
    disclaimed the paper since is not linked."""
    disclaimed = set(publication.disclaimers.values_list("member", flat=True))
    wanted = [pk for _name, pk in change["proposed"] if pk and pk not in disclaimed]
    members = Member.objects.in_bulk(wanted)
    why = {link["member"]: {**link, "accepted": True} for link in links if "member" in link}
    proposed = [
        (name, members.get(pk) if pk not in disclaimed else None) for name, pk in change["proposed"]
    ]
    rows = list(publication.authorships.order_by("position"))
    if [row.name for row in rows] != [name for name, _found in proposed[: len(rows)]]:
        kept = {row.member_id: row.evidence for row in rows if row.member_id}
        evidence = [
            why.get(found.pk, kept.get(found.pk, {})) if found else {} for _n, found in proposed
        ]
        write_authorships(publication, proposed, evidence=evidence)
        return
    for row, (_name, found) in zip(rows, proposed, strict=False):
        if row.member_id != (found.pk if found else None):
            row.member = found
            row.evidence = why.get(found.pk, {}) if found else {}
            row.save(update_fields=["member", "evidence"])
    last = max((row.position for row in rows), default=0)
    for offset, (name, found) in enumerate(proposed[len(rows) :], start=1):
        Authorship.objects.create(
            publication=publication,
            position=last + offset,
            name=name,
            member=found,
            evidence=why.get(found.pk, {}) if found else {},
        )

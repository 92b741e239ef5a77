"""What an import proposes instead of changing: new values for a publication visitors already
see, values for fields staff corrected by hand, and links found through an identifier nobody
confirmed. Each is a `SuggestedChange` that staff accept or reject field by field."""

import copy
import dataclasses
import hashlib
import json
from datetime import date

from members.models import Member

from ..models import Authorship, Publication, SuggestedChange
from .merge import COMPARED_FIELDS, AuthorPlan, complete_fields, curated_differences, with_member
from .records import PublicationEntry

# What a release needs from an entry, kept with a suggestion to be recorded once accepted.
RELEASE_FIELDS = ("kind", "venue", "year", "publication_date", "doi", "arxiv_id", "url", "source")


def stored(value):
    """`value` as the suggestion's JSON keeps it: dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def author_rows(authors: list[tuple[str, Member | None]]) -> list[list]:
    return [[name, found.pk if found is not None else None] for name, found in authors]


def entry_release(entry: PublicationEntry) -> dict:
    fields = dataclasses.asdict(entry)
    return {name: stored(fields[name]) for name in RELEASE_FIELDS}


def field_changes(existing: Publication, entry: PublicationEntry, *, run) -> dict:
    """The fields `entry` would fill in or change on `existing`, and those staff edited by
    hand that it says otherwise: {field: {"current": …, "proposed": …}}."""
    proposal = copy.copy(existing)
    filled = complete_fields(proposal, entry, known=run.known)
    if "year" in filled:
        filled.append("publication_date")
    curated = curated_differences(existing, entry)
    changes = {}
    for name in COMPARED_FIELDS:
        if name in filled:
            proposed = getattr(proposal, name)
        elif name in curated:
            proposed = getattr(entry, name)
        else:
            continue
        if proposed != getattr(existing, name):
            changes[name] = {
                "current": stored(getattr(existing, name)),
                "proposed": stored(proposed),
            }
    return changes


def author_changes(authorships: list[Authorship], plan: AuthorPlan | None) -> tuple[dict, list]:
    """The author list change of `plan`, and the evidence of each member it links anew."""
    if plan is None:
        return {}, []
    before = {a.member_id for a in authorships}
    links = [
        {**why, "member": found.pk, "member_name": found.full_name, "author": name}
        for (name, found), why in zip(plan.authors, plan.evidence, strict=False)
        if found is not None and found.pk not in before
    ]
    change = {
        "current": author_rows([(a.name, a.member) for a in authorships]),
        "proposed": author_rows(plan.authors),
        "complete": plan.complete,
    }
    return {"authors": change}, links


def suggest(
    publication: Publication,
    entry: PublicationEntry,
    changes: dict,
    *,
    reason: str,
    links: list[dict] = (),
    member: Member | None = None,
) -> bool:
    """Keep `changes` to `publication` as a suggestion, once: the same changes brought again,
    or rejected before, are not proposed again. Whether a new suggestion was made."""
    if not changes:
        return False
    fingerprint = hashlib.sha256(
        json.dumps([changes, member.pk if member else None], sort_keys=True, default=str).encode()
    ).hexdigest()
    _suggestion, created = SuggestedChange.objects.get_or_create(
        publication=publication,
        fingerprint=fingerprint,
        defaults={
            "member": member,
            "source": entry.source,
            "changes": changes,
            "release": entry_release(entry),
            "evidence": {"reason": reason, "links": list(links)},
        },
    )
    return created


def propose_link(
    publication: Publication,
    authors: list[tuple[str, Member | None]],
    entry: PublicationEntry,
    *,
    run,
) -> bool:
    """Propose linking `run.proposed_member` to `publication` (whose author list is `authors`),
    found only through an identifier they typed themselves: never linked without staff."""
    member = run.proposed_member
    if any(found == member for _name, found in authors) or member.pk in run.disclaimed(
        publication.pk
    ):
        return False
    proposed, _index = with_member(authors, member, run.names)
    link = {
        **run.proposal_evidence,
        "member": member.pk,
        "member_name": member.full_name,
        "source": entry.source,
    }
    changes = {
        "authors": {
            "current": author_rows(authors),
            "proposed": author_rows(proposed),
            "complete": publication.authors_complete and len(proposed) == len(authors),
        }
    }
    return suggest(publication, entry, changes, reason="unconfirmed", links=[link], member=member)

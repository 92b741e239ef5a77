"""What an entry brings to a publication already stored: the fields it lacks, a fuller author
list, the member whose list is imported. Fields staff corrected by hand are never changed."""

from dataclasses import dataclass, field

from members.models import Member

from ..models import Authorship, Publication, PublicationKind
from .known import KnownPublications
from .records import MERGEABLE_FIELDS, UNIQUE_IDENTIFIERS, PublicationEntry
from .releases import PUBLISHED_KINDS
from .rows import write_authorships

# What a source may say differently of a publication, compared field by field.
COMPARED_FIELDS = ("title", "kind", *MERGEABLE_FIELDS)


def complete_fields(
    existing: Publication, entry: PublicationEntry, *, known: KnownPublications
) -> list[str]:
    """Fill in what `existing` lacks from `entry`; the names of the fields that changed. The
    fields staff edited by hand (`curated_fields`) stay as they are, even empty."""
    kept = set(existing.curated_fields or ())
    changed = []

    def replace(name, value):
        if name not in kept:
            setattr(existing, name, value)
            changed.append(name)

    if existing.kind == PublicationKind.PREPRINT and entry.kind in PUBLISHED_KINDS:
        # The published version describes the paper: its kind, venue and date replace the
        # preprint's (which its release keeps); the arXiv id stays.
        replace("kind", entry.kind)
        if entry.venue and entry.venue != existing.venue:
            replace("venue", entry.venue)
        if (
            entry.year
            and (entry.year, entry.publication_date) != (existing.year, existing.publication_date)
            and not kept & {"year", "publication_date"}
        ):
            existing.year, existing.publication_date = entry.year, entry.publication_date
            changed.append("year")
    elif existing.kind == PublicationKind.OTHER and entry.kind != PublicationKind.OTHER:
        replace("kind", entry.kind)
    for name in MERGEABLE_FIELDS:
        value = getattr(entry, name)
        if not value or getattr(existing, name) or name in kept:
            continue
        if name == "publication_date" and existing.year not in (None, value.year):
            continue
        if name == "abstract_language" and existing.abstract != entry.abstract:
            continue  # The language of another abstract than the one kept.
        if name in UNIQUE_IDENTIFIERS and known.holder(name, value) not in (None, existing.pk):
            continue  # Another publication has it: two records of one paper, left for staff.
        setattr(existing, name, value)
        changed.append(name)
    return changed


def curated_differences(existing: Publication, entry: PublicationEntry) -> list[str]:
    """The fields staff edited by hand on `existing` for which `entry` says something else."""
    return [
        name
        for name in COMPARED_FIELDS
        if name in (existing.curated_fields or ())
        and getattr(entry, name)
        and getattr(entry, name) != getattr(existing, name)
    ]


@dataclass
class AuthorPlan:
    """The author list an entry gives a stored publication: either a whole new list
    (`replace`), or the list's member linked at `match` (an unlinked author) or appended."""

    authors: list[tuple[str, Member | None]]
    complete: bool
    evidence: list[dict] = field(default_factory=list)
    replace: bool = False
    match: Authorship | None = None


def plan_authors(
    existing: Publication, authorships: list[Authorship], entry: PublicationEntry, *, run
) -> AuthorPlan | None:
    """What `entry` changes in the author list of `existing`, as `run` (an `ImportRun`) links
    authors; None when nothing. Members who disclaimed the paper are never linked to it."""
    member, names = run.member, run.names
    disclaimed = run.disclaimed(existing.pk)
    current = [(a.name, a.member) for a in authorships]
    if entry.authors and entry.authors_complete and not existing.authors_complete:
        # A complete list replaces a partial one; members already linked stay linked.
        authors, complete, evidence = run.author_list(entry, disclaimed=disclaimed)
        kept = {a.member_id: a.evidence for a in authorships if a.member_id is not None}
        linked = {found.pk for _name, found in authors if found is not None}
        for name, found in current:
            if found is not None and found.pk not in linked:
                position = next(
                    (
                        index
                        for index, (written, linked_to) in enumerate(authors)
                        if linked_to is None and found in names.candidates(written)
                    ),
                    None,
                )
                if position is None:
                    authors.append((name, found))
                    evidence.append(kept[found.pk])
                    complete = False
                else:
                    authors[position] = (authors[position][0], found)
                    evidence[position] = kept[found.pk]
        if authors == current and complete == existing.authors_complete:
            return None
        return AuthorPlan(authors, complete, evidence, replace=True)
    if member is None or member.pk in disclaimed or any(f == member for _n, f in current):
        return None
    authors, index = with_member(current, member, names)
    match = authorships[index] if index is not None else None
    why = run.list_evidence(entry)
    evidence = [why if a is match else a.evidence for a in authorships]
    return AuthorPlan(
        authors,
        existing.authors_complete and match is not None,
        evidence + ([] if match else [why]),
        match=match,
    )


def with_member(
    authors: list[tuple[str, Member | None]], member: Member, names
) -> tuple[list[tuple[str, Member | None]], int | None]:
    """`authors` with `member` linked to the unlinked author written like them, else appended;
    and that author's index, if any."""
    index = next(
        (
            i
            for i, (name, found) in enumerate(authors)
            if found is None and member in names.candidates(name)
        ),
        None,
    )
    if index is None:
        return [*authors, (member.full_name, member)], None
    linked = [(name, member if i == index else found) for i, (name, found) in enumerate(authors)]
    return linked, index


def write_plan(existing: Publication, authorships: list[Authorship], plan: AuthorPlan) -> None:
    """Store `plan` on `existing`: a new list replaces the rows, a member's link touches one."""
    if plan.replace:
        write_authorships(existing, plan.authors, evidence=plan.evidence)
    elif plan.match is not None:
        position = authorships.index(plan.match)
        plan.match.member, plan.match.evidence = plan.authors[position][1], plan.evidence[position]
        plan.match.save(update_fields=["member", "evidence"])
    else:
        name, member = plan.authors[-1]
        Authorship.objects.create(
            # Staff may have left gaps in the positions; the member goes after the last one.
            publication=existing,
            position=max((a.position for a in authorships), default=0) + 1,
            name=name,
            member=member,
            evidence=plan.evidence[-1],
        )
    existing.authors_complete = plan.complete

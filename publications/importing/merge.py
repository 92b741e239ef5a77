"""What an entry brings to a publication already stored: the fields it lacks, a fuller author
list, the member whose list is imported."""

from ..models import Authorship, Publication, PublicationKind
from .known import KnownPublications
from .records import MERGEABLE_FIELDS, UNIQUE_IDENTIFIERS, PublicationEntry
from .releases import PUBLISHED_KINDS
from .rows import write_authorships


def complete_fields(
    existing: Publication, entry: PublicationEntry, *, known: KnownPublications
) -> list[str]:
    """Fill in what `existing` lacks from `entry`; the names of the fields that changed."""
    changed = []
    if existing.kind == PublicationKind.PREPRINT and entry.kind in PUBLISHED_KINDS:
        # The published version describes the paper: its kind, venue and date replace the
        # preprint's (which its release keeps); the arXiv id stays.
        existing.kind = entry.kind
        changed.append("kind")
        if entry.venue and entry.venue != existing.venue:
            existing.venue = entry.venue
            changed.append("venue")
        if entry.year and (entry.year, entry.publication_date) != (
            existing.year,
            existing.publication_date,
        ):
            existing.year, existing.publication_date = entry.year, entry.publication_date
            changed.append("year")
    elif existing.kind == PublicationKind.OTHER and entry.kind != PublicationKind.OTHER:
        existing.kind = entry.kind
        changed.append("kind")
    for name in MERGEABLE_FIELDS:
        value = getattr(entry, name)
        if not value or getattr(existing, name):
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


def merge_authors(existing: Publication, entry: PublicationEntry, *, run) -> bool:
    """Bring `existing`'s author list up to date with `entry`, as `run` (an `ImportRun`)
    links authors; whether anything changed."""
    member, names = run.member, run.names
    authorships = list(existing.authorships.select_related("member"))
    current = [(a.name, a.member) for a in authorships]
    if entry.authors and entry.authors_complete and not existing.authors_complete:
        # A complete list replaces a partial one; members already linked stay linked.
        authors, complete = run.author_list(entry)
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
                    complete = False
                else:
                    authors[position] = (authors[position][0], found)
        if authors == current and complete == existing.authors_complete:
            return False
        write_authorships(existing, authors)
        existing.authors_complete = complete
        return True
    if member is None or any(found == member for _name, found in current):
        return False
    unlinked = [a for a in authorships if a.member_id is None]
    match = next((a for a in unlinked if member in names.candidates(a.name)), None)
    if match is not None:
        match.member = member
        match.save(update_fields=["member"])
    else:
        Authorship.objects.create(
            # Staff may have left gaps in the positions; the member goes after the last one.
            publication=existing,
            position=max((a.position for a in authorships), default=0) + 1,
            name=member.full_name,
            member=member,
        )
        existing.authors_complete = False
    return True

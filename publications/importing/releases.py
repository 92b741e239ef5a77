"""The versions of a paper an import records: the arXiv preprint, the conference paper, the
journal version, each a release of one publication."""

from datetime import date

from core.identifiers import normalise_arxiv_id, normalise_doi

from ..models import Publication, PublicationKind, Release
from .records import PublicationEntry

PUBLISHED_KINDS = (
    PublicationKind.JOURNAL_ARTICLE,
    PublicationKind.CONFERENCE_PAPER,
    PublicationKind.BOOK,
    PublicationKind.BOOK_CHAPTER,
)


def _version_family(kind: str) -> str:
    """Preprint, published, or the kind itself: two versions of one family are one release."""
    if kind == PublicationKind.PREPRINT:
        return "preprint"
    return "published" if kind in PUBLISHED_KINDS else kind


def _same_version(release: Release, entry: PublicationEntry) -> bool:
    """Whether `entry` describes `release` (the same preprint, the same conference paper…)
    rather than another version of the paper."""
    if release.doi and entry.doi:
        return release.doi == entry.doi
    # A kind nobody knows ("other") is taken for whichever version it appears with.
    if PublicationKind.OTHER not in (release.kind, entry.kind) and _version_family(
        release.kind
    ) != _version_family(entry.kind):
        return False
    if release.arxiv_id and entry.arxiv_id and release.kind == entry.kind:
        return release.arxiv_id == entry.arxiv_id
    return release.year is None or entry.year is None or release.year == entry.year


def release_date(entry: PublicationEntry) -> date | None:
    date_ = entry.publication_date
    return date_ if date_ and entry.year in (None, date_.year) else None


def new_release(publication: Publication, entry: PublicationEntry) -> Release:
    release = Release(
        publication=publication,
        kind=entry.kind,
        venue=entry.venue[:300],
        year=entry.year,
        date=release_date(entry),
        doi=entry.doi,
        arxiv_id=entry.arxiv_id,
        url=entry.url,
        source=entry.source,
    )
    # What Release.save() does, for the releases an import writes with bulk_create.
    release.doi = normalise_doi(release.doi) or release.doi
    release.arxiv_id = normalise_arxiv_id(release.arxiv_id) or release.arxiv_id
    if release.date and release.year is None:
        release.year = release.date.year
    validate_release(release)
    return release


def validate_release(release: Release) -> None:
    """Check `release` as the admin would (an http or https link, a plausible year…) before an
    import writes it, in bulk or not: ValidationError skips the whole entry. The publication
    is the import's own, and the constraints are the database's to check again."""
    release.full_clean(exclude=["publication"], validate_constraints=False)


def record_release(publication: Publication, entry: PublicationEntry) -> bool:
    """Add `entry` to the releases of `publication`: a new release when it is another version,
    else the known release completed. Whether anything changed."""
    releases = list(publication.releases.all())
    release = next((r for r in releases if entry.doi and r.doi == entry.doi), None) or next(
        (r for r in releases if _same_version(r, entry)), None
    )
    if release is None:
        new_release(publication, entry).save()
        return True
    changed = []
    for name, value in (
        ("venue", entry.venue[:300]),
        ("year", entry.year),
        ("date", release_date(entry)),
        ("doi", entry.doi),
        ("arxiv_id", entry.arxiv_id),
        ("url", entry.url),
    ):
        if not value or getattr(release, name):
            continue
        if name == "date" and release.year not in (None, value.year):
            continue
        if name == "doi" and any(r.doi == value for r in releases):
            continue
        setattr(release, name, value)
        changed.append(name)
    if changed:
        validate_release(release)
        release.save(update_fields=changed)
    return bool(changed)

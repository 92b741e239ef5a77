"""Writes on publications that touch several rows: the review of harvested publications, the
languages detected for titles and abstracts."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.history import current_reason, current_user
from core.signals import rows_changed

from .languages import publication_languages
from .models import Publication, ReviewStatus

# Publications read and written at a time when their languages are detected.
LANGUAGE_BATCH = 2_000


def review_publications(*, publications, status: str) -> int:
    """Approve or reject `publications` (a queryset) in one go; how many changed status.

    A rejected publication is kept, identifiers and all, so that imports recognise it later.
    """
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    changed, now = list(publications.exclude(review_status=status)), timezone.now()
    for publication in changed:
        publication.review_status, publication.updated_at = status, now
    # One UPDATE, and one history row per publication.
    bulk_update_with_history(
        changed,
        Publication,
        ["review_status", "updated_at"],
        default_user=current_user(),
        default_change_reason=current_reason() or "review",
    )
    if changed:
        rows_changed.send(sender=Publication)
    return len(changed)


def fill_languages(*, publications=None, overwrite: bool = False) -> int:
    """Detect the languages of `publications` (every publication by default) whose title or
    abstract language is unknown, or of all of them with `overwrite`; how many changed.
    Read and written LANGUAGE_BATCH at a time, in order of their ids."""
    queryset = Publication.objects.all() if publications is None else publications
    if not overwrite:
        queryset = queryset.filter(Q(title_language="") | Q(abstract_language="", abstract__gt=""))
    queryset = queryset.order_by("pk").only(
        "pk", "title", "abstract", "title_language", "abstract_language"
    )
    changed, last = 0, 0
    while batch := list(queryset.filter(pk__gt=last)[:LANGUAGE_BATCH]):
        last = batch[-1].pk
        detected = []
        for publication in batch:
            title_language, abstract_language = publication_languages(
                publication.title, publication.abstract
            )
            if not overwrite:
                title_language = publication.title_language or title_language
                abstract_language = publication.abstract_language or abstract_language
            if (title_language, abstract_language) != (
                publication.title_language,
                publication.abstract_language,
            ):
                publication.title_language = title_language
                publication.abstract_language = abstract_language
                detected.append(publication)
        if detected:
            with transaction.atomic():
                Publication.objects.bulk_update(detected, ["title_language", "abstract_language"])
            rows_changed.send(sender=Publication)
            changed += len(detected)
    return changed

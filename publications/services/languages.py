"""The languages of stored publications' titles and abstracts, detected in batches."""

from django.db import transaction
from django.db.models import Q

from core.signals import rows_changed

from ..languages import publication_languages
from ..models import Publication

# Publications read and written at a time when their languages are detected.
LANGUAGE_BATCH = 2_000


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

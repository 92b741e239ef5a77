"""The review of harvested publications: approved or rejected in bulk."""

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.history import current_reason, current_user
from core.signals import rows_changed

from ..models import Publication, ReviewStatus


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

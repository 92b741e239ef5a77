"""What a member says, on their own page, of the pending papers and suggested links that name
them: "this is mine" or "not mine". Recorded in the history as the member's own doing."""

from django.conf import settings
from django.db import transaction

from core.history import recorded_as

from ..models import (
    Authorship,
    Disclaimer,
    Publication,
    ReviewStatus,
    SuggestedChange,
    SuggestionStatus,
)
from .review import review_publications


def _vouched(evidence: dict) -> bool:
    """Whether a link was made through an identifier staff confirmed (not a name, not one the
    member typed)."""
    return bool(evidence.get("confirmed")) and evidence.get("by") != "name"


@transaction.atomic
def confirm_authorship(*, member, publication: Publication) -> bool:
    """`member` says `publication` is theirs. A pending one linked to them through a confirmed
    identifier is then approved (MEMBER_CONFIRMATION_APPROVES); a link only suggested stays a
    suggestion for staff, marked as confirmed. Whether the publication was approved."""
    with recorded_as("confirmed by the member", user=member.user):
        authorship = Authorship.objects.filter(publication=publication, member=member).first()
        if authorship is None:
            SuggestedChange.objects.filter(
                publication=publication, member=member, status=SuggestionStatus.OPEN
            ).update(member_confirmed=True)
            return False
        if not authorship.member_confirmed:
            authorship.member_confirmed = True
            authorship.save(update_fields=["member_confirmed"])
        approves = (
            settings.MEMBER_CONFIRMATION_APPROVES
            and publication.review_status == ReviewStatus.PENDING
            and _vouched(authorship.evidence)
        )
        if approves:
            review_publications(
                publications=Publication.objects.filter(pk=publication.pk),
                status=ReviewStatus.APPROVED,
            )
        return approves


@transaction.atomic
def disclaim_publication(*, member, publication: Publication) -> None:
    """`member` says `publication` is not theirs: the link goes (the author's name stays), the
    suggestions linking them are rejected, and no later import links them to it again."""
    with recorded_as("disclaimed by the member", user=member.user):
        Disclaimer.objects.get_or_create(publication=publication, member=member)
        for authorship in Authorship.objects.filter(publication=publication, member=member):
            authorship.member, authorship.featured, authorship.member_confirmed = None, False, False
            authorship.evidence = {"disclaimed_by": member.pk}
            authorship.save(update_fields=["member", "featured", "member_confirmed", "evidence"])
        SuggestedChange.objects.filter(
            publication=publication, member=member, status=SuggestionStatus.OPEN
        ).update(status=SuggestionStatus.REJECTED)

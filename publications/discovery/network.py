"""Whom a member writes with: their co-authors on the publications of their profile that the
viewer may see (the profile's own visibility rule), each with the number of joint publications
and the most recent one. Members are linked to their profiles; other authors go by the name as
printed."""

from dataclasses import dataclass, field

from django.db.models import F

from core.text import fold
from members.models import Member

from ..models import Authorship, Publication


@dataclass
class CoAuthor:
    name: str
    member: Member | None
    publication_ids: set[int] = field(default_factory=set)
    latest: Publication | None = None

    @property
    def joint_publications(self) -> int:
        return len(self.publication_ids)


def coauthors(member: Member, user) -> list[CoAuthor]:
    """`member`'s co-authors, most joint publications first, in one query."""
    shown = Publication.objects.on_profile_of(member).visible_to(user).values("pk")
    rows = (
        Authorship.objects.filter(publication__in=shown)
        .exclude(member=member)
        .select_related("member", "publication")
        .only(
            "name",
            "hidden_from_profile",
            "member__slug",
            "member__given_name",
            "member__family_name",
            "member__is_published",
            "publication__title",
            "publication__slug",
            "publication__year",
            "publication__publication_date",
            "publication__title_language",
        )
        .order_by(
            F("publication__year").desc(nulls_last=True),
            F("publication__publication_date").desc(nulls_last=True),
            "publication__title",
            "publication__pk",
            "position",
        )
    )
    sees_drafts = user.is_authenticated and user.is_staff
    found: dict[tuple, CoAuthor] = {}
    for authorship in rows:
        linked = authorship.member
        if linked is not None and (
            authorship.hidden_from_profile or not (linked.is_published or sees_drafts)
        ):
            linked = None  # Wrongly attributed, or a draft: the name as printed only.
        key = ("member", linked.pk) if linked else ("name", fold(authorship.name))
        coauthor = found.get(key)
        if coauthor is None:
            coauthor = found[key] = CoAuthor(
                name=linked.full_name if linked else authorship.name,
                member=linked,
                latest=authorship.publication,
            )
        coauthor.publication_ids.add(authorship.publication_id)
    return sorted(found.values(), key=lambda c: (-c.joint_publications, fold(c.name)))

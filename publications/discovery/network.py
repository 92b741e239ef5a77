"""Whom a member writes with: their co-authors on the publications of their profile that the
viewer may see (the profile's own visibility rule), each with the number of joint publications
and the most recent one. Members are linked to their profiles; other authors go by the name as
printed."""

from dataclasses import dataclass, field

from django.db.models import F
from django.urls import reverse

from core.text import fold
from members.models import Member

from ..models import Authorship, Publication


@dataclass
class JointPublication:
    pk: int
    title: str
    slug: str
    year: int | None
    title_language: str

    def get_absolute_url(self) -> str:
        return reverse("publications:detail", kwargs={"slug": self.slug})


@dataclass
class CoAuthor:
    name: str
    # The co-author's profile, when they are a member the viewer may see.
    member_slug: str
    latest: JointPublication
    publication_ids: set[int] = field(default_factory=set)

    @property
    def is_member(self) -> bool:
        return bool(self.member_slug)

    @property
    def joint_publications(self) -> int:
        return len(self.publication_ids)

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"slug": self.member_slug})


def coauthors(member: Member, user) -> list[CoAuthor]:
    """`member`'s co-authors, most joint publications first, in one query (plain rows: a
    prolific author's thousands of authorships would cost a second as model instances)."""
    shown = Publication.objects.on_profile_of(member).visible_to(user).values("pk")
    rows = (
        Authorship.objects.filter(publication__in=shown)
        .exclude(member=member)
        .order_by(
            F("publication__year").desc(nulls_last=True),
            F("publication__publication_date").desc(nulls_last=True),
            "publication__title",
            "publication__pk",
            "position",
        )
        .values_list(
            "name",
            "hidden_from_profile",
            "member_id",
            "member__slug",
            "member__given_name",
            "member__family_name",
            "member__is_published",
            "publication_id",
            "publication__title",
            "publication__slug",
            "publication__year",
            "publication__title_language",
        )
    )
    sees_drafts = user.is_authenticated and user.is_staff
    found: dict[tuple, CoAuthor] = {}
    for (
        name,
        hidden,
        member_id,
        slug,
        given_name,
        family_name,
        is_published,
        publication_id,
        *publication,
    ) in rows:
        # Wrongly attributed, or a draft the viewer may not see: the name as printed only.
        linked = member_id is not None and not hidden and (is_published or sees_drafts)
        key = ("member", member_id) if linked else ("name", fold(name))
        coauthor = found.get(key)
        if coauthor is None:
            coauthor = found[key] = CoAuthor(
                name=f"{given_name} {family_name}".strip() if linked else name,
                member_slug=slug if linked else "",
                latest=JointPublication(publication_id, *publication),
            )
        coauthor.publication_ids.add(publication_id)
    return sorted(found.values(), key=lambda c: (-c.joint_publications, fold(c.name)))

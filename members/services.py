"""Writes that touch several rows of the members app."""

from dataclasses import dataclass, field

from django.db import transaction

from .models import IDENTIFIER_CONFIRMED, Member, MembershipType, Organisation, ResearchTopic


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


def _sync(model, lookup: dict, values: dict):
    """Create the row matching `lookup`, or bring it to `values`; say whether anything changed."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = False
    if not created:
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            obj.save()
    return obj, created, changed


@transaction.atomic
def sync_reference_data(
    *, topics: list[dict], membership_types: list[dict], organisations: list[dict]
) -> SyncReport:
    """Create or update research topics, membership types and organisations by slug / name."""
    report = SyncReport()
    for topic in topics:
        _, created, changed = _sync(
            ResearchTopic,
            {"slug": topic["slug"]},
            {"name_fr": topic["name_fr"], "name_en": topic["name_en"]},
        )
        report.count(created, changed)
    for kind in membership_types:
        _, created, changed = _sync(
            MembershipType,
            {"slug": kind["slug"]},
            {
                "name_fr": kind["name_fr"],
                "name_en": kind["name_en"],
                "display_order": kind["display_order"],
            },
        )
        report.count(created, changed)
    for organisation in organisations:
        _, created, changed = _sync(
            Organisation, {"name": organisation["name"]}, {"url": organisation.get("url", "")}
        )
        report.count(created, changed)
    return report


@transaction.atomic
def sync_member(
    *, slug: str, topics: list[str], membership_type: str, organisation: str | None, **fields
) -> tuple[Member, bool, bool]:
    """Create or update the member with `slug`; returns (member, created, changed)."""
    values = {
        **fields,
        "membership_type": MembershipType.objects.get(slug=membership_type),
        "organisation": Organisation.objects.get(name=organisation) if organisation else None,
    }
    member, created, changed = _sync(Member, {"slug": slug}, values)
    wanted = set(ResearchTopic.objects.filter(slug__in=topics).values_list("pk", flat=True))
    current = set(member.research_topics.values_list("pk", flat=True))
    if wanted != current:
        member.research_topics.set(wanted)
        changed = True
    return member, created, changed


@transaction.atomic
def confirm_identifiers(*, members) -> tuple[int, list[tuple[Member, str, Member]]]:
    """Confirm the identifiers `members` (a queryset) carry, so that they link publications:
    how many were confirmed, and (member, kind, holder) for each one another member already
    holds confirmed, which stays unconfirmed."""
    confirmed, refused = 0, []
    # Locked, without the joins the admin list adds (PostgreSQL locks no outer join).
    for member in Member.objects.filter(pk__in=members.values("pk")).select_for_update():
        flags = []
        for kind, flag in IDENTIFIER_CONFIRMED.items():
            value = getattr(member, kind)
            if not value or getattr(member, flag):
                continue
            holder = Member.objects.filter(**{kind: value, flag: True}).exclude(pk=member.pk)
            if holder := holder.first():
                refused.append((member, kind, holder))
                continue
            setattr(member, flag, True)
            flags.append(flag)
        if flags:
            member.save(update_fields=[*flags, "updated_at"])
            confirmed += len(flags)
    return confirmed, refused

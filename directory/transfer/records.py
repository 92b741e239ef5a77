"""What a directory export holds: its format, the records of each kind by natural key, and
what an import reports."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from modeltranslation.manager import get_translatable_fields_for_model

from members.models import Member
from publications.models import Publication

FORMAT = "institute-directory"
VERSION = 1
DOCUMENT = "directory.json"
# Kept by save() from other fields, or files handled on their own.
DERIVED = {
    "sort_name",
    "search_name",
    "portrait",
    "portrait_small",
    "portrait_medium",
    "title_key",
}
# Timestamps are restored after save(), which would set them to now.
TIMESTAMPS = ("created_at", "updated_at")


class TransferError(Exception):
    """The file cannot be imported; the message says why."""


@dataclass
class TransferReport:
    """How many records of each kind the import created, updated or found unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        per_kind = self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        per_kind[outcome] += 1

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]


def encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def plain_fields(model) -> list[models.Field]:
    """The fields copied as they are: not the key, relations, derived values (generated
    columns included) or files, and for translated fields only the `_fr` and `_en` columns
    (the original only mirrors them)."""
    translated = set(get_translatable_fields_for_model(model) or ())
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not f.is_relation
        and not f.generated
        and f.name not in DERIVED
        and f.name not in translated
    ]


def values(obj) -> dict:
    return {f.name: encode(f.value_from_object(obj)) for f in plain_fields(type(obj))}


def apply(obj, record: dict) -> None:
    for f in plain_fields(type(obj)):
        if f.name in record:
            setattr(obj, f.name, f.to_python(record[f.name]))


# Review work in progress, not the directory's content: harvests propose it again.
NOT_TRANSFERRED = {"suggestedchange"}


def children_relations():
    """The lists hanging off a publication (authorships, releases, disclaimers…), each
    exported in order."""
    return [
        relation
        for relation in Publication._meta.related_objects
        if relation.one_to_many
        and relation.related_model._meta.app_label == "publications"
        and not relation.related_model._meta.model_name.startswith("historical")
        and relation.related_model._meta.model_name not in NOT_TRANSFERRED
        # Made by the database from the rest (publications.entries): made again on import.
        and not getattr(relation.related_model, "kept_by_the_database", False)
    ]


def child_record(child, parent_field: str) -> dict:
    record = values(child)
    for f in type(child)._meta.concrete_fields:
        if f.is_relation and f.name != parent_field:
            if f.related_model is not Member:
                raise TransferError(f"{type(child).__name__}.{f.name} cannot be exported")
            target = getattr(child, f.name)
            record[f.name] = target.slug if target else None
    return record


def children(publication) -> dict[str, list[dict]]:
    return {
        relation.get_accessor_name(): [
            child_record(child, relation.field.name)
            for child in getattr(publication, relation.get_accessor_name()).order_by(
                *(relation.related_model._meta.ordering or ()), "pk"
            )
        ]
        for relation in children_relations()
    }


def member_record(member, portrait_path: str) -> dict:
    return {
        "slug": member.slug,
        **values(member),
        "membership_type": member.membership_type.slug,
        "organisation": member.organisation.name if member.organisation else None,
        "research_topics": sorted(topic.slug for topic in member.research_topics.all()),
        "portrait": portrait_path,
    }


def publication_record(publication) -> dict:
    return {
        "slug": publication.slug,
        **values(publication),
        "topics": sorted(topic.slug for topic in publication.topics.all()),
        **children(publication),
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

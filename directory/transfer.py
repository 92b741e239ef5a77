"""Moving the whole directory between instances: one .zip holding `directory.json` and the
portrait files.

Records are named by natural keys (slugs, and the organisation's name), never by database ids,
so a file imports into an empty database as well as into one that already holds part of it;
importing the same file twice changes nothing the second time. Accounts are not moved: they
belong to an instance, and staff link them again.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from modeltranslation.manager import get_translatable_fields_for_model

from core.history import recorded_as
from members import images
from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Publication

FORMAT = "institute-directory"
VERSION = 1
DOCUMENT = "directory.json"
# Kept by save() from other fields, or files handled on their own.
DERIVED = {"sort_name", "search_name", "portrait", "portrait_small", "portrait_medium"}
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


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _plain_fields(model) -> list[models.Field]:
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


def _values(obj) -> dict:
    return {f.name: _encode(f.value_from_object(obj)) for f in _plain_fields(type(obj))}


def _apply(obj, record: dict) -> None:
    for f in _plain_fields(type(obj)):
        if f.name in record:
            setattr(obj, f.name, f.to_python(record[f.name]))


def _children_relations():
    """The lists hanging off a publication (authorships, releases…), each exported in order."""
    return [
        relation
        for relation in Publication._meta.related_objects
        if relation.one_to_many
        and relation.related_model._meta.app_label == "publications"
        and not relation.related_model._meta.model_name.startswith("historical")
    ]


def _child_record(child, parent_field: str) -> dict:
    record = _values(child)
    for f in type(child)._meta.concrete_fields:
        if f.is_relation and f.name != parent_field:
            if f.related_model is not Member:
                raise TransferError(f"{type(child).__name__}.{f.name} cannot be exported")
            target = getattr(child, f.name)
            record[f.name] = target.slug if target else None
    return record


def _children(publication) -> dict[str, list[dict]]:
    return {
        relation.get_accessor_name(): [
            _child_record(child, relation.field.name)
            for child in getattr(publication, relation.get_accessor_name()).order_by(
                *(relation.related_model._meta.ordering or ()), "pk"
            )
        ]
        for relation in _children_relations()
    }


def _member_record(member, portrait_path: str) -> dict:
    return {
        "slug": member.slug,
        **_values(member),
        "membership_type": member.membership_type.slug,
        "organisation": member.organisation.name if member.organisation else None,
        "research_topics": sorted(topic.slug for topic in member.research_topics.all()),
        "portrait": portrait_path,
    }


def _publication_record(publication) -> dict:
    return {
        "slug": publication.slug,
        **_values(publication),
        "topics": sorted(topic.slug for topic in publication.topics.all()),
        **_children(publication),
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_directory(*, path: Path) -> dict[str, int]:
    """Write the whole directory to the .zip at `path`; how many records of each kind."""
    portraits = {}
    document = {
        "format": FORMAT,
        "version": VERSION,
        "membership_types": [
            {"slug": t.slug, **_values(t)} for t in MembershipType.objects.order_by("slug")
        ],
        "organisations": [_values(o) for o in Organisation.objects.order_by("name")],
        "topics": [{"slug": t.slug, **_values(t)} for t in ResearchTopic.objects.order_by("slug")],
        "members": [],
        "publications": [],
    }
    members = Member.objects.select_related("membership_type", "organisation").prefetch_related(
        "research_topics"
    )
    for member in members.order_by("slug"):
        portrait_path = ""
        if member.portrait:
            with member.portrait.open("rb") as stored:
                data = stored.read()
            portrait_path = f"portraits/{member.slug}{PurePosixPath(member.portrait.name).suffix}"
            portraits[portrait_path] = data
        record = _member_record(member, portrait_path)
        if portrait_path:
            record["portrait_sha256"] = _sha256(portraits[portrait_path])
        document["members"].append(record)
    for publication in Publication.objects.prefetch_related("topics").order_by("slug"):
        document["publications"].append(_publication_record(publication))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, json.dumps(document, ensure_ascii=False, indent=1))
        for name, data in portraits.items():
            archive.writestr(name, data)
    return {
        kind: len(document[kind])
        for kind in ("membership_types", "organisations", "topics", "members", "publications")
    }


def _read(path: Path) -> tuple[dict, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
        document = json.loads(archive.read(DOCUMENT))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as error:
        raise TransferError(f"{path} is not a directory export: {error}") from None
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise TransferError(f"{path} is not a version {VERSION} directory export")
    return document, archive


def _upsert(model, key: dict, record: dict):
    """The record named by `key` (a new one if none), and whether its plain fields already
    match `record`: "created", "updated" or "unchanged"; nothing is saved yet."""
    obj = model.objects.filter(**key).first()
    created = obj is None
    if created:
        obj = model(**key)
    elif _values(obj) == {f.name: record.get(f.name) for f in _plain_fields(model)}:
        return obj, "unchanged"
    _apply(obj, record)
    return obj, "created" if created else "updated"


def _save(obj, record: dict) -> None:
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    stamps = {name: record[name] for name in TIMESTAMPS if name in record}
    if stamps:
        type(obj).objects.filter(pk=obj.pk).update(**stamps)


def _import_simple(model, records, key_field, *, report, kind):
    for record in records:
        obj, outcome = _upsert(model, {key_field: record[key_field]}, record)
        if outcome != "unchanged":
            _save(obj, record)
        report.count(kind, outcome)


def _import_member(record, archive, *, report):
    member, outcome = _upsert(Member, {"slug": record["slug"]}, record)
    if outcome == "unchanged":
        comparable = _member_record(member, record["portrait"])
        if comparable != {k: v for k, v in record.items() if k != "portrait_sha256"}:
            outcome = "updated"
    membership_type = MembershipType.objects.get(slug=record["membership_type"])
    organisation = (
        Organisation.objects.get(name=record["organisation"]) if record["organisation"] else None
    )
    portrait_changed = _portrait_changed(member, record)
    if outcome == "unchanged" and not portrait_changed:
        report.count("members", "unchanged")
        return
    outcome = "updated" if outcome == "unchanged" else outcome
    _apply(member, record)
    member.membership_type, member.organisation = membership_type, organisation
    if portrait_changed:
        if record["portrait"]:
            data = archive.read(record["portrait"])
            images.check_portrait_bytes(data)
            member.portrait.save(PurePosixPath(record["portrait"]).name, ContentFile(data), False)
        else:
            member.portrait = ""
    _save(member, record)
    topics = ResearchTopic.objects.filter(slug__in=record["research_topics"])
    if set(member.research_topics.values_list("slug", flat=True)) != set(record["research_topics"]):
        member.research_topics.set(topics)
    report.count("members", outcome)


def _portrait_changed(member, record) -> bool:
    if not record["portrait"]:
        return bool(member.portrait)
    if not member.portrait:
        return True
    try:
        with member.portrait.open("rb") as stored:
            return _sha256(stored.read()) != record.get("portrait_sha256")
    except OSError:
        return True


def _import_publication(record, *, report):
    publication, outcome = _upsert(Publication, {"slug": record["slug"]}, record)
    current = _publication_record(publication) if publication.pk else None
    if current == record:
        report.count("publications", "unchanged")
        return
    outcome = "updated" if outcome == "unchanged" else outcome
    _apply(publication, record)
    _save(publication, record)
    publication.topics.set(ResearchTopic.objects.filter(slug__in=record["topics"]))
    members = {m.slug: m for m in Member.objects.only("pk", "slug")}
    for relation in _children_relations():
        accessor = relation.get_accessor_name()
        incoming = record.get(accessor, [])
        if current is not None and current.get(accessor) == incoming:
            continue
        getattr(publication, accessor).all().delete()
        child_model = relation.related_model
        for child_record in incoming:
            child = child_model(**{relation.field.name: publication})
            _apply(child, child_record)
            for f in child_model._meta.concrete_fields:
                if f.is_relation and f.name != relation.field.name and f.name in child_record:
                    slug = child_record[f.name]
                    setattr(child, f.name, members.get(slug) if slug else None)
            child.full_clean(validate_unique=False, validate_constraints=False)
            child.save()
    report.count("publications", outcome)


def import_directory(*, path: Path) -> TransferReport:
    """Bring this instance's directory to what the export at `path` holds, all or nothing.

    Records the export does not name are left alone.
    """
    document, archive = _read(path)
    report = TransferReport()
    try:
        with archive, transaction.atomic(), recorded_as("transfer"):
            _import_simple(
                MembershipType,
                document["membership_types"],
                "slug",
                report=report,
                kind="membership types",
            )
            _import_simple(
                Organisation,
                document["organisations"],
                "name",
                report=report,
                kind="organisations",
            )
            _import_simple(ResearchTopic, document["topics"], "slug", report=report, kind="topics")
            for record in document["members"]:
                _import_member(record, archive, report=report)
            for record in document["publications"]:
                _import_publication(record, report=report)
    except ValidationError as error:
        raise TransferError(f"the file holds an invalid record: {error}") from None
    except (KeyError, ValueError, TypeError) as error:
        raise TransferError(f"the file is not a well-formed export: {error!r}") from None
    return report

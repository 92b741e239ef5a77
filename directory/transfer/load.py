"""Reading a directory export into this instance: created, updated or unchanged, record by
record, in one transaction."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from core.history import recorded_as
from members.models import (
    IDENTIFIER_CONFIRMED,
    Member,
    MembershipType,
    Organisation,
    ResearchTopic,
)
from publications.models import Publication

from .archive import Archive
from .records import (
    TIMESTAMPS,
    TransferError,
    TransferReport,
    apply,
    children_relations,
    member_record,
    plain_fields,
    publication_record,
    sha256,
    values,
)


def _upsert(model, key: dict, record: dict):
    """The record named by `key` (a new one if none), and whether its plain fields already
    match `record`: "created", "updated" or "unchanged"; nothing is saved yet."""
    obj = model.objects.filter(**key).first()
    created = obj is None
    if created:
        obj = model(**key)
    elif values(obj) == {f.name: record.get(f.name) for f in plain_fields(model)}:
        return obj, "unchanged"
    apply(obj, record)
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
    # Exports made before members could type identifiers hold staff's: confirmed.
    for kind, flag in IDENTIFIER_CONFIRMED.items():
        record.setdefault(flag, bool(record.get(kind)))
    member, outcome = _upsert(Member, {"slug": record["slug"]}, record)
    if outcome == "unchanged":
        comparable = member_record(member, record["portrait"])
        if comparable != {k: v for k, v in record.items() if k != "portrait_sha256"}:
            outcome = "updated"
    membership_type = MembershipType.objects.get(slug=record["membership_type"])
    organisation = (
        Organisation.objects.get(name=record["organisation"]) if record["organisation"] else None
    )
    portrait = _incoming_portrait(member, record, archive)
    if outcome == "unchanged" and portrait is None:
        report.count("members", "unchanged")
        return
    outcome = "updated" if outcome == "unchanged" else outcome
    apply(member, record)
    member.membership_type, member.organisation = membership_type, organisation
    if portrait:
        member.portrait.save(portrait.name, portrait, False)
        archive.remember_stored(member.portrait)
    elif portrait is not None:
        member.portrait = ""
    _save(member, record)
    if portrait:
        archive.remember_stored(member.portrait_small, member.portrait_medium)
    topics = ResearchTopic.objects.filter(slug__in=record["research_topics"])
    if set(member.research_topics.values_list("slug", flat=True)) != set(record["research_topics"]):
        member.research_topics.set(topics)
    report.count("members", outcome)


def _incoming_portrait(member, record, archive: Archive) -> ContentFile | str | None:
    """What the import does to the member's portrait: None to keep it, "" to remove it, or the
    archive's portrait re-encoded to replace it."""
    if not record["portrait"]:
        return "" if member.portrait else None
    stored = None
    if member.portrait:
        try:
            with member.portrait.open("rb") as file:
                stored = sha256(file.read())
        except OSError:
            pass
    if stored is not None and stored == record.get("portrait_sha256"):
        return None
    incoming = archive.portrait(record["portrait"], member=record["slug"])
    # Re-encoding gives the same bytes each time: a portrait imported before is recognised.
    if stored is not None and stored == sha256(incoming.read()):
        return None
    incoming.seek(0)
    return incoming


def _import_publication(record, *, report):
    publication, outcome = _upsert(Publication, {"slug": record["slug"]}, record)
    current = publication_record(publication) if publication.pk else None
    if current == record:
        report.count("publications", "unchanged")
        return
    outcome = "updated" if outcome == "unchanged" else outcome
    apply(publication, record)
    _save(publication, record)
    publication.topics.set(ResearchTopic.objects.filter(slug__in=record["topics"]))
    members = {m.slug: m for m in Member.objects.only("pk", "slug")}
    for relation in children_relations():
        accessor = relation.get_accessor_name()
        incoming = record.get(accessor, [])
        if current is not None and current.get(accessor) == incoming:
            continue
        getattr(publication, accessor).all().delete()
        child_model = relation.related_model
        for child_record in incoming:
            child = child_model(**{relation.field.name: publication})
            apply(child, child_record)
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
    archive = Archive(path)
    report = TransferReport()
    try:
        document = archive.document()
        with transaction.atomic(), recorded_as("transfer"):
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
        archive.remove_stored()
        raise TransferError(f"the file holds an invalid record: {error}") from None
    except (KeyError, ValueError, TypeError) as error:
        archive.remove_stored()
        raise TransferError(f"the file is not a well-formed export: {error!r}") from None
    except BaseException:
        archive.remove_stored()
        raise
    finally:
        archive.close()
    return report

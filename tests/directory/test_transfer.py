"""export_directory and import_directory: the whole directory moves to an empty instance and
arrives identical, field by field; importing it again changes nothing."""

import json
import zipfile
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Authorship, Publication
from tests.factories import (
    MemberFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
)
from tests.test_uploads import jpeg

pytestmark = pytest.mark.django_db

SKIPPED = {"id", "user", "portrait", "portrait_small", "portrait_medium"}


def row(obj) -> dict:
    """Every stored column of `obj` but ids and file names, relations by natural key."""
    values = {}
    for f in type(obj)._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        value = getattr(obj, f.name) if not f.is_relation else getattr(obj, f.name)
        if f.is_relation:
            value = getattr(value, "slug", None) or getattr(value, "name", None) if value else None
        values[f.name] = value
    return values


def snapshot() -> dict:
    """The whole directory, as a reader comparing two instances would list it."""
    return {
        "types": sorted((row(t) for t in MembershipType.objects.all()), key=str),
        "organisations": sorted((row(o) for o in Organisation.objects.all()), key=str),
        "topics": sorted((row(t) for t in ResearchTopic.objects.all()), key=str),
        "members": {
            m.slug: {
                **row(m),
                "topics": sorted(m.research_topics.values_list("slug", flat=True)),
                "portrait": m.portrait.read() if m.portrait else b"",
                "has_copies": bool(m.portrait_small and m.portrait_medium),
            }
            for m in Member.objects.all()
        },
        "publications": {
            p.slug: {
                **row(p),
                "topics": sorted(p.topics.values_list("slug", flat=True)),
                "authors": [row(a) for a in p.authorships.order_by("position")],
            }
            for p in Publication.objects.all()
        },
    }


@pytest.fixture
def directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    robots = ResearchTopicFactory(
        name_fr="Robotique", name_en="Robotics", description_fr="Des <b>robots</b>."
    )
    vision = ResearchTopicFactory(name_fr="Vision", name_en="Vision")
    kind = MembershipTypeFactory(
        slug="membre-regulier", name_fr="Membre régulier", name_en="Regular member"
    )
    ada = MemberFactory(
        given_name="Ada",
        family_name="Lovelace-Fictive",
        membership_type=kind,
        organisation=OrganisationFactory(name="Université fictive", url="https://example.org/u"),
        bio_fr="Biographie « française ».",
        bio_en="English biography.",
        portrait_alt_fr="Ada souriante",
        orcid="0000-0002-1825-0097",
        research_topics=[robots, vision],
        portrait=jpeg(),
    )
    MemberFactory(
        given_name="Émile", family_name="Sans-Portrait", organisation=None, is_published=False
    )
    paper = PublicationFactory(
        title="Un article <script>fictif</script>",
        doi="10.9999/fictif.1",
        authors=["Zoë Exemple", ada, "Haruto Fictif"],
    )
    paper.topics.add(robots)
    Authorship.objects.filter(member=ada).update(featured=True)
    PublicationFactory(title="Sans auteurs", year=None, authors_complete=False)
    return tmp_path


def empty_the_directory():
    Publication.objects.all().delete()
    Member.objects.all().delete()
    ResearchTopic.objects.all().delete()
    MembershipType.objects.all().delete()
    Organisation.objects.all().delete()


def test_round_trip_into_an_empty_database_is_identical(directory, settings):
    before = snapshot()
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    assert {"directory.json", "portraits/ada-lovelace-fictive.jpg"} <= set(
        zipfile.ZipFile(path).namelist()
    )
    empty_the_directory()
    settings.MEDIA_ROOT = directory / "other-media"
    assert not Member.objects.exists()

    call_command("import_directory", str(path))

    after = snapshot()
    # Re-encoded on the way in, like an upload: the same picture, without its metadata.
    imported = Image.open(BytesIO(after["members"]["ada-lovelace-fictive"].pop("portrait")))
    exported = Image.open(BytesIO(before["members"]["ada-lovelace-fictive"].pop("portrait")))
    assert (imported.format, imported.size) == (exported.format, exported.size)
    assert exported.getexif() and not imported.getexif()
    assert after["members"]["ada-lovelace-fictive"]["has_copies"]
    assert (
        after["publications"][Publication.objects.get(doi="10.9999/fictif.1").slug]["authors"][1][
            "member"
        ]
        == "ada-lovelace-fictive"
    )
    assert after == before


def test_importing_twice_changes_nothing(directory, capsys):
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    before = snapshot()
    history = Member.history.count() + Publication.history.count()
    call_command("import_directory", str(path))
    output = capsys.readouterr().out
    assert "0 created, 0 updated" in output
    assert snapshot() == before
    assert Member.history.count() + Publication.history.count() == history


def test_import_records_history_as_a_transfer(directory):
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    empty_the_directory()
    call_command("import_directory", str(path))
    assert set(Member.history.values_list("history_change_reason", flat=True)) >= {"transfer"}


def test_a_broken_file_changes_nothing(directory):
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    empty_the_directory()
    # A portrait replaced by a web page is refused, and with it the whole import.
    broken = directory / "broken.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(
                name, b"<html><script>x</script>" if name.startswith("portraits/") else data
            )
    with pytest.raises(CommandError):
        call_command("import_directory", str(broken))
    assert not Member.objects.exists() and not ResearchTopic.objects.exists()


def test_not_an_export_is_refused(tmp_path):
    path = tmp_path / "nothing.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a directory export"):
        call_command("import_directory", str(path))


@pytest.mark.parametrize("field", ["url", "pdf_url"])
def test_a_publication_link_that_is_no_web_address_refuses_the_file(directory, field):
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    empty_the_directory()
    edited = directory / "edited.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "directory.json":
                document = json.loads(data)
                for publication in document["publications"]:
                    publication[field] = "javascript:alert(1)"
                data = json.dumps(document)
            target.writestr(name, data)

    with pytest.raises(CommandError, match="invalid record.*http:// ou https://"):
        call_command("import_directory", str(edited))
    assert not Publication.objects.exists() and not Member.objects.exists()

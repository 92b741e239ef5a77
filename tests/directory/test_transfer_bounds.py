"""import_directory reads an archive within bounds: sizes are checked before anything is
unpacked, what a member really holds is capped as it is read, and portraits are checked and
re-encoded like uploads. A refused archive changes nothing: no record, no file."""

import hashlib
import json
import struct
import zipfile
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from directory.transfer import archive
from members.models import Member
from tests.directory.test_transfer import directory, snapshot  # noqa: F401 - the fixture
from tests.factories import MemberFactory
from tests.test_uploads import jpeg

pytestmark = pytest.mark.django_db

PORTRAIT = "portraits/ada-lovelace-fictive.jpg"


@pytest.fixture
def export(directory):  # noqa: F811 - the fixture imported above
    path = directory / "directory.zip"
    call_command("export_directory", str(path))
    return path


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def rewritten(source, name: str, replaced: dict[str, bytes]):
    """A copy of the archive `source`, next to it under `name`, with some contents replaced."""
    target = source.parent / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.namelist():
            new.writestr(member, replaced.get(member, old.read(member)))
    return target


def with_ada_portrait(source, name: str, content: bytes):
    """A copy of the archive whose portrait of Ada is `content`, its checksum updated to match."""
    with zipfile.ZipFile(source) as archive:
        document = json.loads(archive.read("directory.json"))
    for record in document["members"]:
        if record["portrait"] == PORTRAIT:
            record["portrait_sha256"] = hashlib.sha256(content).hexdigest()
    return rewritten(
        source, name, {PORTRAIT: content, "directory.json": json.dumps(document).encode()}
    )


def declaring(path, name: str, size: int):
    """The archive at `path` rewritten in place so that member `name` declares `size` bytes
    unpacked, in its local header and in the central directory, whatever it really holds."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_offset : start + name_offset + len(encoded)] == encoded:
                struct.pack_into("<I", data, start + size_offset, size)
            start += 4
    path.write_bytes(bytes(data))
    return path


def refused_before_reading(monkeypatch, path, message: str):
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kw: opened.append(args))
    with pytest.raises(CommandError, match=message):
        call_command("import_directory", str(path))
    assert opened == []


def test_a_document_declaring_gigabytes_is_refused_before_anything_is_unpacked(
    export, monkeypatch, settings
):
    before, files = snapshot(), media_files(settings)
    declaring(export, "directory.json", 3_100_000_000)

    refused_before_reading(monkeypatch, export, "would unpack to 3100")

    assert snapshot() == before and media_files(settings) == files


def test_a_portrait_declaring_more_than_an_upload_may_be_is_refused_before_reading(
    export, monkeypatch
):
    declaring(export, PORTRAIT, archive.MAX_PORTRAIT_BYTES + 1)

    refused_before_reading(monkeypatch, export, f"{PORTRAIT} .* declares 5242881 bytes")


def test_too_many_files_are_refused_before_reading(export, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ARCHIVE_ENTRIES", 1)

    refused_before_reading(monkeypatch, export, "holds 2 files, more than 1")


def test_a_member_holding_more_than_it_declares_is_refused(export, settings):
    # 40 MB that say they are 1 KB: what comes out past the declared size is refused.
    before, files = snapshot(), media_files(settings)
    lying = rewritten(export, "lying.zip", {"directory.json": b"{" + b" " * 40_000_000 + b"}"})
    declaring(lying, "directory.json", 1024)

    with pytest.raises(CommandError, match="directory.json .* cannot be read"):
        call_command("import_directory", str(lying))

    assert snapshot() == before and media_files(settings) == files


def test_reading_stops_at_the_cap_whatever_the_stream_holds(export, monkeypatch):
    served = []

    class Endless:
        """A member that never ends, as a reader trusting the stream would unpack it."""

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size=-1):
            served.append(size)
            return b"\0" * size

    real_open = zipfile.ZipFile.open

    def open_member(archive, name, *args, **kwargs):
        return Endless() if name == PORTRAIT else real_open(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_member)
    Member.objects.filter(slug="ada-lovelace-fictive").update(portrait="")

    with pytest.raises(CommandError, match=f"{PORTRAIT} .* holds more than 5242880 bytes"):
        call_command("import_directory", str(export))

    assert sum(served) <= archive.MAX_PORTRAIT_BYTES + archive.READ_CHUNK_BYTES


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!doctype html><html><body>not a portrait</body></html>",
    ],
    ids=["svg", "html"],
)
def test_a_portrait_that_is_no_image_is_refused_and_nothing_changes(export, settings, content):
    # Albert comes before Ada in the archive: his portrait is stored before Ada's is refused.
    MemberFactory(given_name="Albert", family_name="Avant", portrait=jpeg(colour=(1, 2, 3)))
    call_command("export_directory", str(export))
    Member.objects.get(slug="albert-avant").delete()
    hostile = with_ada_portrait(export, "hostile.zip", content)
    before, files = snapshot(), media_files(settings)

    with pytest.raises(CommandError, match=f"the portrait {PORTRAIT} of ada-lovelace-fictive"):
        call_command("import_directory", str(hostile))

    assert snapshot() == before
    assert media_files(settings) == files


def test_a_real_portrait_is_reencoded_without_its_metadata(export):
    output = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8298] = "Where and by whom"
    Image.new("RGB", (300, 300), (200, 30, 30)).save(output, "JPEG", exif=exif.tobytes())
    with_metadata = with_ada_portrait(export, "metadata.zip", output.getvalue())

    call_command("import_directory", str(with_metadata))

    ada = Member.objects.get(slug="ada-lovelace-fictive")
    with ada.portrait.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (300, 300))
        assert not image.getexif()
        assert image.getpixel((150, 150))[0] > 150
    assert ada.portrait.name.startswith("portraits/") and "ada" not in ada.portrait.name
    assert ada.portrait_small and ada.portrait_medium


def test_a_directory_imported_twice_keeps_its_reencoded_portraits(export, capsys):
    call_command("import_directory", str(export))
    portrait = Member.objects.get(slug="ada-lovelace-fictive").portrait.name

    call_command("import_directory", str(export))

    assert "members: 0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert Member.objects.get(slug="ada-lovelace-fictive").portrait.name == portrait

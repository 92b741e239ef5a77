"""Every XML the directory reads (DBLP person files and harvest answers, the MathML of a
formula) is parsed with no DTD and no entities, whatever its encoding: a refused document is
an unreadable file with a reason, never an error page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from publications import latex
from publications.importing import harvest
from publications.importing.readers import UnreadableFile, parse
from publications.models import Publication
from publications.runs import ImportJob
from tests.factories import MemberFactory
from tests.publications.test_admin_import import IMPORT, job_page, staff  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"
DBLP_SAMPLES = ["person-23-7512-shuaiwen-song.xml", "person-318-0989-nikita-balagansky.xml"]

RECORD = (
    '<r><article key="journals/x/Fictif24"><author>Ada Fictive</author>'
    "<title>{title}</title><year>2024</year><journal>J. Fict.</journal></article></r>"
)
HOSTILE = {
    # A harmless-looking entity: the DTD itself is what is refused.
    "internal entity": (
        '<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE dblpperson [<!ENTITY who "Mallory">]>'
        '<dblpperson name="x">' + RECORD.format(title="Hello &who;") + "</dblpperson>"
    ),
    "billion laughs": (
        '<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE dblpperson [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
        + ']><dblpperson name="x">'
        + RECORD.format(title="&j;")
        + "</dblpperson>"
    ),
    "external entity": (
        '<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE dblpperson [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<dblpperson name="x">' + RECORD.format(title="&secret;") + "</dblpperson>"
    ),
}
ENCODINGS = {"UTF-16": "utf-16", "UTF-16BE": "utf-16-be", "UTF-8": "utf-8"}


def hostile(kind: str, encoding: str) -> bytes:
    return HOSTILE[kind].replace("{encoding}", encoding).encode(ENCODINGS[encoding])


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", HOSTILE)
def test_a_dblp_document_with_a_dtd_is_refused_in_any_encoding(kind, encoding):
    with pytest.raises(UnreadableFile, match="DTD"):
        parse(hostile(kind, encoding), format="dblp")


def test_the_import_command_refuses_it_and_stores_nothing(tmp_path):
    path = tmp_path / "person.xml"
    path.write_bytes(hostile("internal entity", "UTF-16"))

    with pytest.raises(CommandError, match="DTD or entity declarations is refused"):
        call_command("import_publications", str(path), stdout=StringIO())

    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (hostile("internal entity", "UTF-8"), "DTD"),
        (hostile("billion laughs", "UTF-16"), "DTD"),
    ],
    ids=["entity", "billion laughs in UTF-16"],
)
def test_the_admin_import_explains_the_refusal(staff, content, reason):  # noqa: F811
    upload = SimpleUploadedFile("person.xml", content, "text/xml")

    staff.post_and_run(IMPORT, {"file": upload, "approve": "on"})

    job = ImportJob.objects.get()
    page = staff.get(job_page(job)).content.decode()
    assert "Ce fichier est illisible" in page
    assert reason in page
    assert not Publication.objects.exists()


def test_an_encoding_the_parser_cannot_read_is_an_unreadable_file(tmp_path):
    # expat reads UTF-8 and UTF-16 only: this was a ValueError and a traceback.
    path = tmp_path / "person.xml"
    path.write_bytes('<?xml version="1.0" encoding="Shift_JIS"?><dblpperson n="ア"/>'.encode())

    with pytest.raises(CommandError, match="encoding cannot be read"):
        call_command("import_publications", str(path), stdout=StringIO())


def test_a_harvest_answer_with_a_dtd_is_a_failure_staff_can_read():
    member = MemberFactory(dblp_pid="23/7512")

    class HostileDblp:
        def get(self, api, path, *, params=None, accept):
            return hostile("internal entity", "UTF-16")

        def close(self):
            pass

    report = harvest.harvest_member(member=member, client=HostileDblp())

    assert [source for source, _reason in report.failures] == ["DBLP"]
    assert "DTD" in report.failures[0][1]
    assert not Publication.objects.exists()


@pytest.mark.parametrize("name", DBLP_SAMPLES)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_recorded_dblp_samples_still_parse_in_any_encoding(name, encoding):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    declared = f'<?xml version="1.0" encoding="{encoding}"?>' + text

    parsed = parse(declared.encode(ENCODINGS[encoding]), format="dblp")
    reference = parse((SAMPLES / name).read_bytes(), format="dblp")

    assert parsed.errors == []
    assert len(parsed.entries) == len(reference.entries) > 20
    assert [e.title for e in parsed.entries] == [e.title for e in reference.entries]


def test_mathml_with_a_dtd_from_the_converter_is_refused(monkeypatch):
    monkeypatch.setattr(
        latex,
        "latex_to_mathml",
        lambda source, **options: (
            '<!DOCTYPE math [<!ENTITY x "injected">]>'
            '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>&x;</mi></math>'
        ),
    )

    assert latex.mathml("x") is None

"""What files and sources bring in is made safe before it is stored: links other than http and
https are dropped with a note in the report, control characters leave titles, abstracts and
names, and the pages and feeds that show them stay valid."""

import json
from xml.etree import ElementTree

import pytest
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.jobs import JobStatus
from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import parse
from publications.importing.releases import new_release
from publications.models import Authorship, Publication, Release
from publications.runs import ImportJob
from tests.admin_forms import change_form_data
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Every character the cleaning removes: C0 but tab, newline and carriage return, DEL, C1.
CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])

BIBTEX = (
    "@inproceedings{fictive2024sketches,\n"
    "  title = {Fic\x00tional\x01 graph\x08 sketches\x0b of\x1f every\x7f\x80\x9f size},\n"
    "  author = {Fic\x02tive, Ad\x1ba and Ex\x9dample, Bruno},\n"
    "  booktitle = {Fictional Wor\x0fkshop},\n"
    "  year = {2024},\n"
    "  abstract = {First\x03 sentence\x7f.\r\nSecond\x1c sentence\x85 of the abstract.},\n"
    "  url = {javascript:alert(1)}\n"
    "}\n"
    "@article{fictive2023ftp,\n"
    "  title = {Fictional file transfers},\n"
    "  author = {Fictive, Ada},\n"
    "  journal = {Journal of Fictional Results},\n"
    "  year = {2023},\n"
    "  url = {ftp://ftp.example.org/paper.pdf}\n"
    "}\n"
).encode()

WORK = {
    "id": "https://openalex.org/W1234567890",
    "title": f"Fictional streams{CONTROLS}of records",
    "type": "article",
    "publication_year": 2022,
    "authorships": [{"author": {"display_name": "Ca\x00mille\x90 Fictive"}}],
    "abstract_inverted_index": {"Streams\x07": [0], "of": [1], "fictional\x9f": [2], "data.": [3]},
    "primary_location": {
        "landing_page_url": "data:text/html,<script>alert(1)</script>",
        "pdf_url": "file:///etc/passwd",
        "source": {"display_name": "Fictional\x1b Letters"},
    },
}


def has_controls(text: str) -> bool:
    return any(char in CONTROLS for char in text)


def feed_entries(client) -> dict[str, ElementTree.Element]:
    response = client.get("/fr/publications/feed/")
    assert response.status_code == 200
    feed = fromstring(response.content)
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}


def test_a_bibtex_file_is_stored_clean_and_its_unsafe_links_reported(client):
    report = import_publications(entries=parse(BIBTEX, format="bibtex").entries)

    assert report.summary()["created"] == 2 and not report.skipped
    sketches = Publication.objects.get(venue="Fictional Workshop")
    assert sketches.title == "Fictional graph sketches of every size"
    assert [a.name for a in sketches.authorships.all()] == ["Ada Fictive", "Bruno Example"]
    # The reader makes an abstract one paragraph: its line breaks, "\r\n" too, are spaces.
    assert sketches.abstract == "First sentence. Second sentence of the abstract."
    assert sketches.url == "" and sketches.releases.get().url == ""
    assert Publication.objects.get(title="Fictional file transfers").url == ""
    notes = [line for line in report.lines() if line.startswith("  note")]
    assert notes == [
        "  note on Fictional graph sketches of every size: lien « page web » retiré : "
        "javascript:alert(1) n’est pas une adresse http ou https",
        "  note on Fictional file transfers: lien « page web » retiré : "
        "ftp://ftp.example.org/paper.pdf n’est pas une adresse http ou https",
    ]

    page = client.get(sketches.get_absolute_url())
    assert page.status_code == 200
    assert "Fictional graph sketches of every size" in page.text
    assert not has_controls(page.text) and "javascript:" not in page.text
    entries = feed_entries(client)
    assert set(entries) == {"Fictional graph sketches of every size", "Fictional file transfers"}


def test_a_source_s_json_is_stored_clean_and_each_unsafe_link_reported(client):
    report = import_publications(entries=parse(json.dumps(WORK), format="openalex").entries)

    publication = Publication.objects.get()
    assert publication.title == "Fictional streams of records"
    assert publication.abstract == "Streams of fictional data."
    assert publication.venue == "Fictional Letters"
    assert publication.authorships.get().name == "Camille Fictive"
    assert (publication.url, publication.pdf_url) == ("", "")
    assert report.notes == [
        (
            "Fictional streams of records",
            "lien « page web » retiré : data:text/html,<script>alert(1)</script> n’est pas "
            "une adresse http ou https",
        ),
        (
            "Fictional streams of records",
            "lien « PDF » retiré : file:///etc/passwd n’est pas une adresse http ou https",
        ),
    ]
    assert client.get(publication.get_absolute_url()).status_code == 200
    entry = feed_entries(client)["Fictional streams of records"]
    assert not has_controls(ElementTree.tostring(entry, encoding="unicode"))
    api = client.get(f"/api/v1/publications/{publication.slug}")
    assert api.status_code == 200 and api.json()["title"] == "Fictional streams of records"


def test_good_links_are_kept_and_a_malformed_or_over_long_one_is_dropped():
    over_long = "https://example.org/" + "a" * 500
    report = import_publications(
        entries=[
            PublicationEntry(
                title="Fictional links of every kind",
                url="https://example.org/paper",
                pdf_url="http://exa mple.org/paper.pdf",
                code_url=over_long,
            ),
            PublicationEntry(title="Fictional code", code_url="HTTPS://code.example.org/fictive"),
        ]
    )

    links = Publication.objects.get(title="Fictional links of every kind")
    assert (links.url, links.pdf_url, links.code_url) == ("https://example.org/paper", "", "")
    assert links.releases.get().url == "https://example.org/paper"
    assert Publication.objects.get(title="Fictional code").code_url == (
        "HTTPS://code.example.org/fictive"
    )
    assert [note for _title, note in report.notes] == [
        "lien « PDF » retiré : http://exa mple.org/paper.pdf n’est pas une adresse web valide",
        f"lien « code » retiré : {over_long[:79]}… n’est pas une adresse web valide",
    ]


def test_an_entry_with_nothing_left_once_cleaned_is_skipped_whole():
    report = import_publications(
        entries=[
            PublicationEntry(title="\x00\x01\x7f\x9f", authors=["Ada Fictive"], url="ftp://x.org/"),
            PublicationEntry(title="Fictional survivor", authors=["Ada Fictive"]),
        ]
    )

    assert report.skipped == [("(untitled)", "the entry has no title")]
    assert not report.notes  # A skipped entry's dropped links are not reported as changes.
    assert list(Publication.objects.values_list("title", flat=True)) == ["Fictional survivor"]
    assert Authorship.objects.count() == 1 and Release.objects.count() == 1


def test_line_breaks_of_an_abstract_are_kept_as_newlines():
    import_publications(
        entries=[
            PublicationEntry(
                title="Fictional paragraphs",
                abstract="First paragraph.\r\n\r\nSecond\x0c paragraph.\rThird\x00 one.\t(Tab.)",
            )
        ]
    )

    assert Publication.objects.get().abstract == (
        "First paragraph.\n\nSecond  paragraph.\nThird one.\t(Tab.)"
    )


def test_a_job_report_quoting_control_characters_is_stored(
    client, editor, django_capture_on_commit_callbacks
):
    """PostgreSQL refuses NUL in JSON: the report of a file whose labels carry it is still kept."""
    client.force_login(editor)
    content = b"@article{broken\x00key,\n  title = {Fictional {unbalanced},\n}\n" + BIBTEX
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:publications_publication_import"),
            {"file": SimpleUploadedFile("fictive.bib", content), "format": "", "approve": "on"},
        )

    job = ImportJob.objects.get()
    assert job.status == JobStatus.PREVIEWED
    [(label, _reason)] = job.report["skipped"]
    assert label.startswith("@article{brokenkey}")
    assert len(job.report["notes"]) == 2
    page = client.get(reverse("admin:publications_publication_import_job", args=[job.pk]))
    assert page.status_code == 200 and "@article{brokenkey}" in page.text


def test_a_release_with_an_unsafe_link_is_refused_by_the_model_and_the_admin(client, editor):
    publication = PublicationFactory(title="Fictional release", abstract="Fictional.")
    Release.objects.create(publication=publication, venue="Fictional Workshop", year=2024)
    for address in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "file:///x"):
        with pytest.raises(ValidationError) as refused:
            Release(publication=publication, url=address).full_clean()
        assert refused.value.message_dict["url"] == [
            "Saisissez une adresse web commençant par http:// ou https://."
        ]
    Release(publication=publication, url="https://example.org/fictive").full_clean()
    with pytest.raises(ValidationError):
        new_release(publication, PublicationEntry(title="Fictional", url="javascript:alert(1)"))

    client.force_login(editor)
    change = reverse("admin:publications_publication_change", args=[publication.pk])
    data = change_form_data(client.get(change))
    prefix = next(key for key in data if key.endswith("-0-venue")).removesuffix("venue")
    for field, address in ((f"{prefix}url", "ftp://example.org/"), ("pdf_url", "javascript:x")):
        response = client.post(change, data | {field: address})
        assert response.status_code == 200
        assert "Saisissez une adresse web commençant par http:// ou https://." in response.text
    publication.refresh_from_db()
    assert publication.pdf_url == "" and publication.releases.get().url == ""


def test_a_member_s_web_site_must_be_an_http_or_https_address(client, editor):
    member = MemberFactory()
    member.website = "javascript:alert(1)"
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "website" in refused.value.message_dict
    member.website = "https://example.org/fictive"
    member.full_clean()

    client.force_login(editor)
    change = reverse("admin:members_member_change", args=[member.pk])
    data = change_form_data(client.get(change)) | {"website": "data:text/html,x"}
    response = client.post(change, data)
    assert response.status_code == 200
    assert "Saisissez une adresse web commençant par http:// ou https://." in response.text

"""Authors are linked to members by ORCID iD, DBLP pid or OpenAlex id before their name."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import parse
from publications.models import Authorship
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"


def read(name: str, format: str):
    return parse((SAMPLES / name).read_bytes(), format=format).entries


def test_readers_carry_the_author_identifiers_of_the_real_samples():
    [work] = read("work-W3174427814-vector-quotient-filters.json", "openalex")
    assert work.author_ids[0] == {
        "orcid": "https://orcid.org/0000-0001-5576-0320",
        "openalex_id": "https://openalex.org/A5014159929",
    }
    assert work.author_ids[2] == {"openalex_id": "https://openalex.org/A5037516486"}
    dblp = read("person-23-7512-shuaiwen-song.xml", "dblp")
    assert {"dblp_pid": "23/7512"} in [ids for e in dblp for ids in e.author_ids]
    assert all(len(e.author_ids) == len(e.authors) for e in dblp)
    [orcid_work] = read("work-0000-0002-0734-2199-77226586.json", "orcid")
    assert {"orcid": "0000-0002-0734-2199"} in orcid_work.author_ids


def test_an_orcid_id_links_the_author_even_when_two_members_share_the_name():
    MemberFactory(given_name="Prashant", family_name="Pandey")
    owner = MemberFactory(given_name="Prashant", family_name="Pandey", orcid="0000-0001-5576-0320")

    report = import_publications(
        entries=read("work-W3174427814-vector-quotient-filters.json", "openalex")
    )

    first = Authorship.objects.get(position=1)
    assert first.member == owner
    assert report.ambiguous_authors == []


def test_an_openalex_id_links_an_author_written_under_another_name():
    durie = MemberFactory(given_name="Joseph", family_name="Durie-Smith", openalex_id="A5037516486")

    import_publications(entries=read("work-W3174427814-vector-quotient-filters.json", "openalex"))

    assert Authorship.objects.get(name="Joe Durie").member == durie


def test_a_dblp_pid_links_the_author_whatever_name_variant_dblp_uses():
    song = MemberFactory(given_name="Leon", family_name="Song", dblp_pid="23/7512")

    import_publications(entries=read("person-23-7512-shuaiwen-song.xml", "dblp"))

    linked = Authorship.objects.filter(member=song)
    assert (
        linked.count()
        == Authorship.objects.filter(name__in=["Shuaiwen Song", "Shuaiwen Leon Song"]).count()
    )
    assert linked.exists()


def test_an_orcid_contributor_is_linked_by_identifier():
    member = MemberFactory(given_name="Quelqu'un", family_name="Autre", orcid="0000-0002-0734-2199")

    import_publications(entries=read("work-0000-0002-0734-2199-77226586.json", "orcid"))

    assert Authorship.objects.filter(member=member).count() == 1


AMBIGUOUS = PublicationEntry(
    title="Un article fictif à deux homonymes", authors=["Marie Curie-Fictive", "M. Fictive"]
)


def test_ambiguous_names_stay_unlinked_and_are_listed_by_the_command(tmp_path):
    MemberFactory(given_name="Marie", family_name="Fictive")
    MemberFactory(given_name="Michel", family_name="Fictive")
    bib = tmp_path / "homonymes.bib"
    bib.write_text("@article{a, title={Un article fictif}, author={Fictive, M.}, year={2020}}\n")
    out = StringIO()

    call_command("import_publications", str(bib), stdout=out)

    assert Authorship.objects.get().member is None
    assert "not linked, several members match “M. Fictive” in Un article fictif" in out.getvalue()


def test_ambiguous_names_are_listed_in_the_admin_upload_report(
    client, django_user_model, django_capture_on_commit_callbacks
):
    MemberFactory(given_name="Marie", family_name="Fictive")
    MemberFactory(given_name="Michel", family_name="Fictive")
    admin = django_user_model.objects.create_superuser("staff", "staff@example.org", "x")
    client.force_login(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "homonymes.bib",
        b"@article{a, title={Un article fictif}, author={Fictive, M.}, year={2020}}\n",
    )

    with django_capture_on_commit_callbacks(execute=True):
        upload_response = client.post(
            "/admin/publications/publication/import/", {"file": upload, "approve": "on"}
        )
    response = client.get(upload_response["Location"])

    assert response.status_code == 200
    assert "M. Fictive" in response.text
    assert "Un article fictif" in response.text

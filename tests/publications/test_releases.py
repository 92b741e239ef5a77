"""Releases: a preprint and its published version are one publication, shown with both."""

from pathlib import Path

import pytest
from django.core.management import call_command

from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import parse
from publications.models import Publication, PublicationKind, Release, ReleaseSource

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent.parent / "samples"

PREPRINT = {
    "title": "Fictional Attention for Sparse Graphs",
    "authors": ["Ada Lovelace"],
    "year": 2024,
    "venue": "arXiv",
    "kind": PublicationKind.PREPRINT,
    "arxiv_id": "2401.01234",
    "source": ReleaseSource.BIBTEX,
}
PUBLISHED = {
    "title": "Fictional attention for sparse graphs",
    "authors": ["Ada Lovelace"],
    "year": 2024,
    "venue": "NeurIPS",
    "kind": PublicationKind.CONFERENCE_PAPER,
    "doi": "10.5555/fictional.neurips.2024",
    "dblp_key": "conf/nips/Lovelace24",
    "source": ReleaseSource.DBLP,
}


def test_a_preprint_and_its_conference_paper_are_one_publication_with_two_releases():
    import_publications(entries=[PublicationEntry(**PREPRINT)])
    report = import_publications(entries=[PublicationEntry(**PUBLISHED)])

    [publication] = Publication.objects.all()
    assert report.summary()["merged"] == 1
    # The publication shows the published version; the preprint stays a release.
    assert (publication.kind, publication.venue) == (PublicationKind.CONFERENCE_PAPER, "NeurIPS")
    releases = list(publication.releases.values_list("kind", "venue", "year", "source"))
    assert sorted(releases) == [
        ("conference", "NeurIPS", 2024, "dblp"),
        ("preprint", "arXiv", 2024, "bibtex"),
    ]


def test_reimporting_both_versions_changes_nothing():
    entries = [PublicationEntry(**PREPRINT), PublicationEntry(**PUBLISHED)]
    import_publications(entries=entries)
    before = list(Release.objects.values_list("pk", "kind", "venue", "doi", "arxiv_id"))

    report = import_publications(
        entries=[PublicationEntry(**PREPRINT), PublicationEntry(**PUBLISHED)]
    )

    assert report.summary() == {
        "created": 0, "merged": 0, "unchanged": 2, "pending": 0, "skipped": 0
    }  # fmt: skip
    assert list(Release.objects.values_list("pk", "kind", "venue", "doi", "arxiv_id")) == before


def test_the_same_version_from_two_sources_is_one_release_completed():
    import_publications(entries=[PublicationEntry(**{**PUBLISHED, "doi": ""})])
    import_publications(
        entries=[PublicationEntry(**{**PUBLISHED, "source": ReleaseSource.OPENALEX})]
    )

    [release] = Release.objects.all()
    assert release.doi == "10.5555/fictional.neurips.2024"


def test_a_real_dblp_file_keeps_the_corr_preprint_beside_the_ijcai_paper():
    call_command("import_publications", str(SAMPLES / "dblp-export-jilin-hu-standard.bib"))

    several = [
        p for p in Publication.objects.prefetch_related("releases") if p.releases.count() > 1
    ]
    assert len(several) == 1
    kinds = sorted(r.kind for r in several[0].releases.all())
    assert kinds == ["conference", "preprint"]
    assert {r.source for r in several[0].releases.all()} == {"bibtex"}
    # Every publication has at least one release.
    assert not Publication.objects.filter(releases=None).exists()


def test_the_publication_page_lists_the_versions_with_links(client):
    import_publications(entries=[PublicationEntry(**PREPRINT), PublicationEntry(**PUBLISHED)])
    publication = Publication.objects.get()

    html = client.get(publication.get_absolute_url()).content.decode()

    assert 'id="versions-title"' in html
    assert 'href="https://arxiv.org/abs/2401.01234"' in html
    assert 'href="https://doi.org/10.5555/fictional.neurips.2024"' in html
    assert "NeurIPS</a> (2024)" in html


def test_a_publication_with_one_version_shows_no_versions_list(client):
    import_publications(entries=[PublicationEntry(**PUBLISHED)])

    html = client.get(Publication.objects.get().get_absolute_url()).content.decode()

    assert 'id="versions-title"' not in html


def test_the_data_migration_gives_each_existing_publication_its_release():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("publications.migrations.0005_releases")
    publication = Publication.objects.create(
        title="Old paper", year=2019, venue="Old Venue", doi="10.5555/old", kind="article"
    )

    migration.one_release_per_publication(apps, None)
    migration.one_release_per_publication(apps, None)

    [release] = publication.releases.all()
    assert (release.venue, release.year, release.doi, release.source) == (
        "Old Venue", 2019, "10.5555/old", "manual"
    )  # fmt: skip


def test_dblp_person_file_records_preprints_and_papers_as_releases():
    parsed = parse((SAMPLES / "person-318-0989-nikita-balagansky.xml").read_bytes(), format="dblp")
    import_publications(entries=parsed.entries)

    assert Release.objects.filter(source="dblp").count() >= Publication.objects.count()
    assert Release.objects.filter(kind="preprint").exists()

"""A rejected publication cannot be deleted in the admin: the next harvest would forget it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from publications.importing import PublicationEntry, import_publications
from publications.models import Publication, ReviewStatus
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:publications_publication_changelist")


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff", "s@example.org", "x"))
    return client


def harvest_again(title, doi):
    return import_publications(
        entries=[PublicationEntry(title=title, doi=doi)], status=ReviewStatus.PENDING
    )


def test_the_delete_page_of_a_rejected_publication_refuses_and_explains(staff):
    rejected = PublicationFactory(
        title="Mauvaise attribution", doi="10.5555/wrong", review_status=ReviewStatus.REJECTED
    )
    delete_url = reverse("admin:publications_publication_delete", args=[rejected.pk])

    response = staff.post(delete_url, {"post": "yes"}, follow=True)

    assert Publication.objects.filter(pk=rejected.pk).exists()
    assert "les moissonnages la reconnaissent" in response.text
    assert (
        delete_url
        not in staff.get(reverse("admin:publications_publication_change", args=[rejected.pk])).text
    )
    report = harvest_again("Mauvaise attribution", "https://doi.org/10.5555/WRONG")
    assert [title for title, _reason in report.skipped] == ["Mauvaise attribution"]
    assert not report.created


def test_bulk_delete_leaves_rejected_publications_and_deletes_the_others(staff):
    rejected = PublicationFactory(title="Refusée", review_status=ReviewStatus.REJECTED)
    other = PublicationFactory(title="Doublon à supprimer")
    selection = {"action": "delete_selected", "_selected_action": [rejected.pk, other.pk]}

    confirmation = staff.post(CHANGELIST, selection)
    assert "les moissonnages la reconnaissent" in confirmation.text
    staff.post(CHANGELIST, {**selection, "post": "yes"})

    assert list(Publication.objects.values_list("title", flat=True)) == ["Refusée"]
    assert harvest_again("Refusée", "").summary()["skipped"] == 1


def test_a_pending_publication_can_still_be_deleted(staff):
    pending = PublicationFactory(review_status=ReviewStatus.PENDING)

    staff.post(reverse("admin:publications_publication_delete", args=[pending.pk]), {"post": "yes"})

    assert not Publication.objects.exists()


def test_bench_import_measures_and_leaves_nothing():
    out = StringIO()

    call_command("bench_import", "--entries", "120", stdout=out)

    output = out.getvalue()
    assert "120 fictional BibTeX entries" in output
    assert "unreadable 1" in output  # One malformed entry in a hundred.
    # Every twentieth entry repeats an earlier paper (one of them the malformed one).
    assert "created 115, merged 0, unchanged 4" in output
    assert "parsing:" in output and "storing:" in output and "entries/s" in output
    assert not Publication.objects.exists()

"""The co-author networks of prolific members, counted ahead for visitors: the page reads the
stored rows, shows what a fresh count would, and counts afresh once a change drops them."""

import re

import pytest

from publications.discovery import jobs
from publications.discovery import network as networks
from publications.discovery.models import CoAuthorNetwork
from publications.discovery.network import refresh_networks
from publications.models import Authorship
from tests.directory.test_discovery_pages import network_rows
from tests.factories import MemberFactory, PublicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshes(monkeypatch):
    """The members whose changes asked for a computation (none is run)."""
    asked = []
    monkeypatch.setattr(jobs, "refresh_later", asked.extend)
    return asked


@pytest.fixture
def prolific(monkeypatch, refreshes, django_capture_on_commit_callbacks):
    """A member with five publications, prolific at NETWORK_AHEAD = 4 (their co-author Bea,
    with three, is not); the changes committed, nothing waiting."""
    monkeypatch.setattr(networks, "NETWORK_AHEAD", 4)
    with django_capture_on_commit_callbacks(execute=True):
        ada = MemberFactory(given_name="Ada", family_name="Centre")
        bea = MemberFactory(given_name="Bea", family_name="Member")
        draft = MemberFactory(given_name="Cy", family_name="Draft", is_published=False)
        for n in range(3):
            PublicationFactory(
                title=f"Fictional joint paper {n}", year=2020 + n, authors=[ada, bea]
            )
        PublicationFactory(title="With outsiders", year=2019, authors=[ada, "Dee Outsider", draft])
        PublicationFactory(title="Spelled with accents", year=2018, authors=[ada, "Dée OUTSIDER"])
    refreshes.clear()
    return ada


def page(client, member, **query):
    return client.get(f"/fr/membres/{member.slug}/reseau/", query)


def test_the_stored_network_shows_what_a_fresh_count_shows(client, prolific):
    fresh = page(client, prolific)

    report = refresh_networks()

    assert report.members == 1 and CoAuthorNetwork.objects.get(member=prolific).coauthors == 3
    stored = page(client, prolific)
    assert network_rows(stored) == network_rows(fresh)
    assert network_rows(stored) == [("Bea Member", "3"), ("Dee Outsider", "2"), ("Cy Draft", "1")]
    assert re.search(r"With outsiders</a> \(2019\)", stored.text)  # Dee's newest
    assert '<a href="/fr/membres/bea-member/">Bea Member</a>' in stored.text
    assert 'href="/fr/membres/cy-draft/"' not in stored.text
    assert re.search(r"Fictional joint paper 2</a> \(2022\)", stored.text)
    assert stored.text.count('class="network__edge"') == 3


def test_a_stored_network_is_read_in_a_fixed_number_of_queries(
    client, prolific, django_assert_max_num_queries
):
    for n in range(60):
        PublicationFactory(year=2000 + n % 20, authors=[prolific, f"Outsider {n}"])
    refresh_networks()

    # The member, the stored network, its first page of co-authors.
    with django_assert_max_num_queries(3):
        first = page(client, prolific)
    with django_assert_max_num_queries(4):  # and the drawing's co-authors
        second = page(client, prolific, page=2)

    assert len(network_rows(first)) == 50 and len(network_rows(second)) == 13
    assert second.text.count('class="network__edge"') == 10


def test_staff_are_counted_afresh_with_the_drafts(client, prolific):
    refresh_networks()
    client.force_login(UserFactory(username="staff", is_staff=True))

    html = client.get(f"/en/members/{prolific.slug}/network/").text

    assert 'href="/en/members/cy-draft/"' in html


def test_a_change_to_a_publication_drops_the_stored_network(
    client, prolific, refreshes, django_capture_on_commit_callbacks
):
    refresh_networks()

    with django_capture_on_commit_callbacks(execute=True):
        PublicationFactory(title="A new paper", year=2025, authors=[prolific, "Eve Newcomer"])

    assert prolific.pk in refreshes
    assert not CoAuthorNetwork.objects.filter(member=prolific).exists()
    assert ("Eve Newcomer", "1") in network_rows(page(client, prolific))


def test_a_co_author_linked_later_drops_the_network_of_the_other_authors(
    client, prolific, refreshes, django_capture_on_commit_callbacks
):
    refresh_networks()

    with django_capture_on_commit_callbacks(execute=True):
        dee = MemberFactory(given_name="Dee", family_name="Outsider")
        authorship = Authorship.objects.get(name="Dee Outsider")
        authorship.member = dee
        authorship.save()

    assert not CoAuthorNetwork.objects.filter(member=prolific).exists()
    assert '<a href="/fr/membres/dee-outsider/">Dee Outsider</a>' in page(client, prolific).text


def test_a_co_author_unpublished_since_is_named_not_linked(client, prolific):
    refresh_networks()
    MemberFactory._meta.model.objects.filter(family_name="Member").update(is_published=False)

    html = page(client, prolific).text

    assert "Bea Member" in html and 'href="/fr/membres/bea-member/"' not in html


def test_a_member_below_the_threshold_keeps_no_stored_network(client, prolific):
    refresh_networks()
    quiet = MemberFactory()
    PublicationFactory(authors=[quiet, "Someone Else"])

    refresh_networks([quiet.pk, prolific.pk])

    assert list(CoAuthorNetwork.objects.values_list("member", flat=True)) == [prolific.pk]
    assert network_rows(page(client, quiet)) == [("Someone Else", "1")]


def test_the_discovery_job_counts_the_networks_ahead(prolific):
    from publications.discovery.jobs import run_expertise_job, start_expertise

    job = run_expertise_job(job_id=start_expertise(send=False).pk)

    assert CoAuthorNetwork.objects.get(member=prolific).coauthors == 3
    assert job.result["networks"] == 1
    assert job.summary().endswith("1 réseau de coauteurs compté d'avance.")


def test_counting_again_replaces_the_stored_networks_and_drops_those_below(
    client, prolific, monkeypatch
):
    from publications.discovery.models import CoAuthorLink

    refresh_networks()
    links = CoAuthorLink.objects.count()
    refresh_networks()  # every member again: the same rows, not twice as many
    assert CoAuthorLink.objects.count() == links == 3
    assert network_rows(page(client, prolific))[0] == ("Bea Member", "3")

    monkeypatch.setattr(networks, "NETWORK_AHEAD", 50)  # nobody is prolific any more
    refresh_networks()
    assert not CoAuthorNetwork.objects.exists() and not CoAuthorLink.objects.exists()
    assert network_rows(page(client, prolific))[0] == ("Bea Member", "3")  # counted afresh


def test_a_stored_network_names_its_page(prolific):
    refresh_networks()

    stored = CoAuthorNetwork.objects.get(member=prolific)

    assert stored.get_absolute_url() == f"/fr/membres/{prolific.slug}/reseau/"
    assert stored.links.first().get_absolute_url() == stored.get_absolute_url()

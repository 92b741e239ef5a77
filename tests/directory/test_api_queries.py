"""The open API reads a fixed number of sets of rows whatever it lists: one and many records cost
the same number of queries."""

import pytest

from publications.models import Release
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

API = "/api/v1"


def endpoints(site):
    member, topic, publication = site.member, site.topic, site.publication
    return {
        "members": (f"{API}/members/", {}),
        "members by topic": (f"{API}/members/", {"topic": topic.slug}),
        "member": (f"{API}/members/{member.slug}", {}),
        "topics": (f"{API}/topics/", {}),
        "topic": (f"{API}/topics/{topic.slug}", {}),
        "membership types": (f"{API}/membership-types/", {}),
        "membership type": (f"{API}/membership-types/{member.membership_type.slug}", {}),
        "organisations": (f"{API}/organisations/", {}),
        "organisation": (f"{API}/organisations/{member.organisation_id}", {}),
        "publications": (f"{API}/publications/", {}),
        "publications by member": (f"{API}/publications/", {"member": member.slug}),
        "publications found": (f"{API}/publications/", {"q": "article", "year": "2000"}),
        "publication": (f"{API}/publications/{publication.slug}", {}),
    }


# (name, queries at most): the filters' choices, the count, the page, one per prefetch.
LIMITS = {
    "members": 4,
    "members by topic": 5,
    "member": 2,
    "topics": 2,
    "topic": 1,
    "membership types": 2,
    "membership type": 1,
    "organisations": 2,
    "organisation": 1,
    "publications": 6,
    # The member, and their papers' count and the page's ids from their profile entries.
    "publications by member": 8,
    "publications found": 6,
    "publication": 4,
}


@pytest.mark.parametrize("name", LIMITS)
@pytest.mark.parametrize("size", [1, 12])
def test_the_same_queries_for_one_and_many(client, django_assert_max_num_queries, name, size):
    site = populate(size)
    for publication in site.publications:
        Release.objects.create(publication=publication, venue="Fictive", year=2020)
    path, params = endpoints(site)[name]

    with django_assert_max_num_queries(LIMITS[name]):
        response = client.get(path, params)

    assert response.status_code == 200, response.content
    results = response.json().get("results")
    assert results is None or len(results) >= 1

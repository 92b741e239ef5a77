"""A publication's authors as lists, pages and exports read them (`with_authors()`): in order,
each linked member's address, read for all the publications at once."""

import pytest

from publications.models import Publication
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def authors_of(publication):
    return [
        (a.position, a.name, a.member.get_absolute_url() if a.member else None)
        for a in publication.authorships.all()
    ]


def test_each_publication_lists_its_authors_in_order_in_one_query(django_assert_num_queries):
    member = MemberFactory(given_name="Ada", family_name="Fictive")
    first = PublicationFactory(authors=["B. Fictif", member, "C. Fictif"])
    second = PublicationFactory(authors=[member])
    alone = PublicationFactory()

    with django_assert_num_queries(2):  # the publications, then all their authors
        found = Publication.objects.with_authors().in_bulk()
        listed = {pk: authors_of(publication) for pk, publication in found.items()}

    profile = member.get_absolute_url()
    assert listed[first.pk] == [
        (1, "B. Fictif", None),
        (2, "Ada Fictive", profile),
        (3, "C. Fictif", None),
    ]
    assert listed[second.pk] == [(1, "Ada Fictive", profile)]
    assert listed[alone.pk] == []


def test_publications_read_in_chunks_have_their_authors_too(django_assert_num_queries):
    papers = [PublicationFactory(authors=[f"Auteur fictif {n}"]) for n in range(5)]

    # The publications, then the authors of each chunk of two (2 + 2 + 1).
    with django_assert_num_queries(4):
        listed = {
            publication.pk: authors_of(publication)
            for publication in Publication.objects.with_authors().order_by("pk").iterator(2)
        }

    assert listed == {paper.pk: [(1, f"Auteur fictif {n}", None)] for n, paper in enumerate(papers)}


def test_a_filter_on_the_authors_asks_the_database_within_the_publication():
    member = MemberFactory()
    paper = PublicationFactory(authors=["B. Fictif", member])
    other = PublicationFactory(authors=[member])

    publication = Publication.objects.with_authors().get(pk=paper.pk)

    found = publication.authorships.filter(member=member)
    assert [(a.publication_id, a.position) for a in found] == [(paper.pk, 2)]
    assert other.authorships.get().member == member

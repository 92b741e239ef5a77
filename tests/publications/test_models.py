import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.identifiers import display_author_name, normalise_arxiv_id, normalise_doi
from publications.models import Authorship, Publication
from tests.factories import MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("https://doi.org/10.1073/PNAS.1611835114", "10.1073/pnas.1611835114"),
        ("doi:10.1145/3448016.3452841", "10.1145/3448016.3452841"),
        ("http://dx.doi.org/10.7554/eLife.01567", "10.7554/elife.01567"),
        ("not a doi", ""),
    ],
)
def test_doi_normalisation(written, normalised):
    assert normalise_doi(written) == normalised


@pytest.mark.parametrize(
    "written, normalised",
    [
        ("arXiv:2401.01234v3", "2401.01234"),
        ("https://arxiv.org/abs/1111.2011v2", "1111.2011"),
        ("astro-ph/0601001", "astro-ph/0601001"),
        ("hello", ""),
    ],
)
def test_arxiv_normalisation(written, normalised):
    assert normalise_arxiv_id(written) == normalised


def test_dblp_homonym_number_is_not_shown():
    assert display_author_name("Yutian Chen 0001") == "Yutian Chen"
    assert display_author_name("Mahdi  Karami") == "Mahdi Karami"


def test_doi_is_stored_normalised_and_unique_in_any_spelling():
    PublicationFactory(doi="https://doi.org/10.1073/PNAS.1611835114")
    assert Publication.objects.get().doi == "10.1073/pnas.1611835114"
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(doi="10.1073/pnas.1611835114")


def test_many_publications_may_have_no_doi():
    PublicationFactory(doi="")
    PublicationFactory(doi="")
    assert Publication.objects.filter(doi="").count() == 2


@pytest.mark.parametrize("year", [1492, 2500])
def test_database_refuses_an_implausible_year(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(year=year)


def test_database_refuses_an_unknown_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind="blogpost")


def test_database_refuses_two_authors_at_one_position():
    publication = PublicationFactory(authors=["A Fictif"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, position=1, name="B Fictif")


def test_database_refuses_a_member_twice_on_one_paper():
    member = MemberFactory()
    publication = PublicationFactory(authors=[member])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, position=2, name="x", member=member)


def test_clean_explains_a_bad_doi_and_a_year_that_contradicts_the_date():
    publication = PublicationFactory.build(
        doi="nonsense", year=2020, publication_date=datetime.date(2021, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        publication.full_clean()
    assert set(error.value.message_dict) == {"doi", "year"}


def test_year_comes_from_the_date_when_missing():
    publication = PublicationFactory(year=None, publication_date=datetime.date(2023, 7, 9))
    assert publication.year == 2023


def test_authors_come_back_in_order():
    publication = PublicationFactory(authors=["Zoë Un", "Amélie Deux", "Kwame Trois"])
    fetched = Publication.objects.with_authors().get(pk=publication.pk)
    assert [a.name for a in fetched.authorships.all()] == ["Zoë Un", "Amélie Deux", "Kwame Trois"]


def test_newest_first_puts_unknown_dates_last():
    PublicationFactory(title="Old", year=2001)
    PublicationFactory(title="Unknown", year=None)
    PublicationFactory(title="New", year=2024)
    titles = [p.title for p in Publication.objects.newest_first()]
    assert titles == ["New", "Old", "Unknown"]

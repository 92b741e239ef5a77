"""One rule for what speaks for a member: a paper staff hid from a member's profile (wrongly
attributed to them) is on none of that member's surfaces, and stays everywhere else."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, PublicationFactory
from tests.pages import publication_titles

pytestmark = pytest.mark.django_db

TITLE = "Un article attribué par erreur"


@pytest.fixture
def wrongly_attributed():
    misattributed = MemberFactory(given_name="Ada", family_name="Lovelace")
    author = MemberFactory(given_name="Charles", family_name="Babbage")
    publication = PublicationFactory(title=TITLE, authors=[misattributed, author])
    publication.authorships.filter(member=misattributed).update(hidden_from_profile=True)
    PublicationFactory(title="Un article bien à elle", authors=[misattributed])
    return publication, misattributed, author


def profile(client, member):
    return client.get(member.get_absolute_url())


def feed(client, member):
    return client.get(reverse("members:feed", kwargs={"slug": member.slug})).content.decode()


def bibtex(client, member):
    return client.get(reverse("members:bibtex", kwargs={"slug": member.slug})).content.decode()


def publication_list(client, member):
    return client.get(reverse("publications:list"), {"member": member.slug})


def test_hidden_from_the_profile(client, wrongly_attributed):
    _publication, misattributed, _author = wrongly_attributed
    assert publication_titles(profile(client, misattributed)) == ["Un article bien à elle"]


def test_hidden_from_the_member_feed(client, wrongly_attributed):
    _publication, misattributed, _author = wrongly_attributed
    text = feed(client, misattributed)
    assert "Un article bien à elle" in text
    assert TITLE not in text


def test_hidden_from_the_member_bibtex(client, wrongly_attributed):
    _publication, misattributed, _author = wrongly_attributed
    text = bibtex(client, misattributed)
    assert "Un article bien à elle" in text
    assert TITLE not in text


def test_hidden_from_the_publication_list_filtered_by_member(client, wrongly_attributed):
    _publication, misattributed, _author = wrongly_attributed
    titles = publication_titles(publication_list(client, misattributed))
    assert titles == ["Un article bien à elle"]


def test_still_on_its_own_page_and_with_the_other_authors(client, wrongly_attributed):
    publication, _misattributed, author = wrongly_attributed
    assert TITLE in client.get(publication.get_absolute_url()).content.decode()
    assert publication_titles(profile(client, author)) == [TITLE]
    assert TITLE in feed(client, author)
    assert TITLE in bibtex(client, author)
    assert publication_titles(publication_list(client, author)) == [TITLE]
    assert TITLE in publication_titles(client.get(reverse("publications:list")))

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.text import fold
from members.models import InUseError, Member, MembershipType, ResearchTopic
from members.validators import validate_orcid
from publications.models import Authorship, Publication
from tests.factories import (
    MemberFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    PublicationFactory,
    ResearchTopicFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_name_without_accents():
    member = MemberFactory(given_name="Éloïse", family_name="Ngô-Łukasz")
    assert member.slug == "eloise-ngo-lukasz"


def test_slug_stays_when_the_name_changes():
    member = MemberFactory(given_name="Razvan", family_name="Pascanu")
    member.family_name = "Pascanu-Renamed"
    member.save()
    member.refresh_from_db()
    assert member.slug == "razvan-pascanu"
    assert member.get_absolute_url() == "/fr/membres/razvan-pascanu/"


def test_homonyms_get_distinct_slugs():
    first = MemberFactory(given_name="Mei", family_name="Exemple")
    second = MemberFactory(given_name="Mei", family_name="Exemple")
    assert (first.slug, second.slug) == ("mei-exemple", "mei-exemple-2")


def test_database_refuses_a_duplicate_slug():
    MemberFactory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(slug="same-slug")


def test_database_refuses_a_malformed_slug():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(slug="Not A Slug")


def test_database_refuses_a_duplicate_topic_slug():
    ResearchTopicFactory(slug="optimisation")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchTopic.objects.create(name_fr="Autre", slug="optimisation")


def test_database_refuses_two_members_with_one_orcid():
    MemberFactory(orcid="0000-0002-1825-0097")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(orcid="0000-0002-1825-0097")


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
)
def test_valid_orcid_ids_pass(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize(
    "orcid, code",
    [
        ("0000-0002-1825-0098", "orcid_checksum"),
        ("0000-0002-1694-2339", "orcid_checksum"),
        ("0000-0002-1825-009", "orcid_format"),
        ("https://orcid.org/0000-0002-1825-0097", "orcid_format"),
    ],
)
def test_invalid_orcid_ids_are_explained(orcid, code):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == code


def test_member_form_validation_reports_a_bad_orcid_on_its_field():
    member = MemberFactory.build(
        orcid="0000-0002-1825-0098",
        membership_type=MembershipTypeFactory(),
        organisation=OrganisationFactory(),
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert list(error.value.message_dict) == ["orcid"]


def test_membership_type_in_use_cannot_be_deleted():
    member = MemberFactory()
    with pytest.raises(ProtectedError):
        member.membership_type.delete()
    assert MembershipType.objects.filter(pk=member.membership_type.pk).exists()


def test_organisation_in_use_cannot_be_deleted():
    member = MemberFactory()
    with pytest.raises(ProtectedError):
        member.organisation.delete()


def test_topic_in_use_cannot_be_deleted_but_an_unused_one_can():
    used, unused = ResearchTopicFactory(), ResearchTopicFactory()
    member = MemberFactory(research_topics=[used])
    with pytest.raises(InUseError):
        used.delete()
    assert list(member.research_topics.all()) == [used]
    unused.delete()
    assert not ResearchTopic.objects.filter(pk=unused.pk).exists()


def test_deleting_a_member_keeps_the_publication_and_the_author_name():
    member = MemberFactory(given_name="Ana", family_name="Démo")
    publication = PublicationFactory(authors=["Kenji Exemple", member, "Ingrid Fictif"])
    member.delete()
    authorships = Authorship.objects.filter(publication=publication)
    assert [a.name for a in authorships] == ["Kenji Exemple", "Ana Démo", "Ingrid Fictif"]
    assert all(a.member is None for a in authorships)
    assert Publication.objects.filter(pk=publication.pk).exists()


def test_members_sort_by_family_name_ignoring_accents():
    for family in ["Zéro", "Émond", "Bélanger", "duval"]:
        MemberFactory(family_name=family)
    assert [m.family_name for m in Member.objects.all()] == ["Bélanger", "duval", "Émond", "Zéro"]


def test_name_search_ignores_accents_and_case():
    joao = MemberFactory(given_name="João", family_name="Exemplo")
    MemberFactory(given_name="Jean", family_name="Autre")
    assert list(Member.objects.named("joao")) == [joao]
    assert list(Member.objects.named("EXEMPLO joão")) == [joao]


def test_fold_handles_letters_without_decomposition():
    assert fold("  Søren  Łukasz Straße ") == "soren lukasz strasse"


def test_unpublished_members_are_visible_to_staff_only(django_user_model):
    draft = MemberFactory(is_published=False)
    visitor = django_user_model(username="visitor")
    staff = django_user_model(username="staff", is_staff=True)
    assert draft not in Member.objects.visible_to(visitor)
    assert draft in Member.objects.visible_to(staff)


def test_portrait_description_defaults_to_the_current_language():
    from django.utils import translation

    member = MemberFactory(given_name="Mei", family_name="Exemple")
    with translation.override("en"):
        assert member.portrait_description == "Portrait of Mei Exemple"
    member.portrait_alt_fr = "Mei Exemple souriant devant un tableau"
    with translation.override("fr"):
        assert member.portrait_description == "Mei Exemple souriant devant un tableau"
    with translation.override("en"):
        assert member.portrait_description == "Portrait of Mei Exemple"

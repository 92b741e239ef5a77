"""factory_boy factories: plainly fictional members, topics and publications."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Authorship, Publication, PublicationKind


class ResearchTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTopic
        django_get_or_create = ("slug",)

    name_fr = factory.Sequence(lambda n: f"Sujet fictif {n}")
    name_en = factory.Sequence(lambda n: f"Fictional topic {n}")
    slug = factory.Sequence(lambda n: f"sujet-fictif-{n}")


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipType
        django_get_or_create = ("slug",)

    name_fr = "Membre affilié"
    name_en = "Affiliate member"
    slug = "membre-affilie"
    display_order = 20


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Université fictive {n}")
    url = "https://example.org/"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    given_name = factory.Sequence(lambda n: f"Prénom{n}")
    family_name = factory.Sequence(lambda n: f"Fictif{n}")
    membership_type = factory.SubFactory(MembershipTypeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    position_title_fr = "Professeure titulaire"
    position_title_en = "Full professor"
    is_published = True
    # Made as staff make members: their identifiers are confirmed.
    orcid_confirmed = True
    dblp_pid_confirmed = True
    openalex_id_confirmed = True

    @factory.post_generation
    def research_topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.research_topics.set(extracted)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Un article fictif numéro {n}")
    abstract = factory.Faker("paragraph", nb_sentences=8)
    year = 2024
    venue = "Conférence fictive"
    kind = PublicationKind.CONFERENCE_PAPER

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """`authors=[member_or_name, ...]` builds the ordered author list."""
        if not create or not extracted:
            return
        for position, author in enumerate(extracted, start=1):
            if isinstance(author, Member):
                Authorship.objects.create(
                    publication=self, position=position, name=author.full_name, member=author
                )
            else:
                Authorship.objects.create(publication=self, position=position, name=author)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def make_editor(username: str = "editor"):
    """A staff account in the "Directory editors" group created by the data migration."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Directory editors"))
    return user

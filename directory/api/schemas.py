"""What the open API returns: members, research topics, membership types, organisations and
publications as JSON, every translated field in both languages (`name_fr`, `name_en`), so that
a response never depends on the reader's language."""

import datetime
from typing import Any, Literal

from django.urls import reverse
from django.utils import translation
from ninja import Field, Schema

from core.identifiers import display_author_name

LANGUAGES = ("fr", "en")


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def page_in(language: str, name: str, **kwargs) -> str:
    """The path of the page `name` in `language` (the paths are translated)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def api_url(context, name: str, query: str = "", **kwargs) -> str:
    path = reverse(f"api:{name}", kwargs=kwargs)
    return _absolute(context, f"{path}?{query}" if query else path)


def by_slug(topics) -> list:
    # The prefetched topics come ordered by the reader's language: the API's order is not.
    return sorted(topics, key=lambda topic: topic.slug)


def citation_file(obj, context, citation_format: str) -> str:
    """The address of the `citation_format` file ("bibtex", "ris", "csl_json") of a member's
    publication list or of a publication: both apps name these pages alike in their URL
    namespace ("members:ris", "publications:ris")."""
    name = f"{obj._meta.app_label}:{citation_format}"
    return _absolute(context, page_in("fr", name, slug=obj.slug))


class CitationFiles(Schema):
    """What gives the `bibtex`, `ris` and `csl_json` fields of a schema whose objects have
    citation files (members, publications). Each such schema declares the three fields
    itself, where its output lists them."""

    @staticmethod
    def resolve_bibtex(obj, context) -> str:
        return citation_file(obj, context, "bibtex")

    @staticmethod
    def resolve_ris(obj, context) -> str:
        return citation_file(obj, context, "ris")

    @staticmethod
    def resolve_csl_json(obj, context) -> str:
        return citation_file(obj, context, "csl_json")


class Problem(Schema):
    """An error: a sentence, or one entry per refused parameter."""

    detail: str | list[dict[str, Any]]


class PageOf(Schema):
    count: int = Field(description="How many results: exact, estimated, or a lower bound.")
    count_kind: Literal["exact", "about", "more"] = Field(
        description="`exact`, `about` (an estimate) or `more` (more than `count`)."
    )
    page: int
    num_pages: int
    next: str | None = Field(description="The next page's address; null on the last page.")
    previous: str | None


class TopicRef(Schema):
    slug: str
    name_fr: str
    name_en: str

    @staticmethod
    def resolve_name_fr(topic) -> str:
        return topic.name_fr or ""

    @staticmethod
    def resolve_name_en(topic) -> str:
        return topic.name_en or ""


class Topic(TopicRef):
    description_fr: str
    description_en: str
    member_count: int = Field(description="Published members working on this topic.")
    page_fr: str
    page_en: str
    members: str = Field(description="The API's list of the topic's members.")
    publications: str = Field(description="The API's list of the topic's publications.")

    @staticmethod
    def resolve_description_fr(topic) -> str:
        return topic.description_fr or ""

    @staticmethod
    def resolve_description_en(topic) -> str:
        return topic.description_en or ""

    @staticmethod
    def resolve_page_fr(topic, context) -> str:
        return _absolute(context, page_in("fr", "members:topic", slug=topic.slug))

    @staticmethod
    def resolve_page_en(topic, context) -> str:
        return _absolute(context, page_in("en", "members:topic", slug=topic.slug))

    @staticmethod
    def resolve_members(topic, context) -> str:
        return api_url(context, "member_list", f"topic={topic.slug}")

    @staticmethod
    def resolve_publications(topic, context) -> str:
        return api_url(context, "publication_list", f"topic={topic.slug}")


class MembershipTypeRef(Schema):
    slug: str
    name_fr: str
    name_en: str

    @staticmethod
    def resolve_name_fr(membership_type) -> str:
        return membership_type.name_fr or ""

    @staticmethod
    def resolve_name_en(membership_type) -> str:
        return membership_type.name_en or ""


class MembershipType(MembershipTypeRef):
    display_order: int
    members: str = Field(description="The API's list of members of this type.")

    @staticmethod
    def resolve_members(membership_type, context) -> str:
        return api_url(context, "member_list", f"type={membership_type.slug}")


class Organisation(Schema):
    id: int
    name: str
    url: str = Field(description="The organisation's web site, or an empty string.")


class Member(CitationFiles):
    slug: str
    name: str
    given_name: str
    family_name: str
    membership_type: MembershipTypeRef
    organisation: Organisation | None
    position_title_fr: str
    position_title_en: str
    bio_fr: str
    bio_en: str
    research_topics: list[TopicRef]
    portrait: str | None = Field(description="A 320-pixel square portrait, if any.")
    website: str
    email: str
    orcid: str
    google_scholar_id: str
    dblp_pid: str
    openalex_id: str
    github_username: str
    page_fr: str
    page_en: str
    publications: str = Field(description="The API's list of the member's publications.")
    bibtex: str
    ris: str
    csl_json: str

    @staticmethod
    def resolve_name(member) -> str:
        return member.full_name

    @staticmethod
    def resolve_position_title_fr(member) -> str:
        return member.position_title_fr or ""

    @staticmethod
    def resolve_position_title_en(member) -> str:
        return member.position_title_en or ""

    @staticmethod
    def resolve_bio_fr(member) -> str:
        return member.bio_fr or ""

    @staticmethod
    def resolve_bio_en(member) -> str:
        return member.bio_en or ""

    @staticmethod
    def resolve_research_topics(member) -> list:
        return by_slug(member.card_topics)

    @staticmethod
    def resolve_portrait(member, context) -> str | None:
        url = member.profile_portrait_url
        return _absolute(context, url) if url else None

    @staticmethod
    def resolve_page_fr(member, context) -> str:
        return _absolute(context, page_in("fr", "members:profile", slug=member.slug))

    @staticmethod
    def resolve_page_en(member, context) -> str:
        return _absolute(context, page_in("en", "members:profile", slug=member.slug))

    @staticmethod
    def resolve_publications(member, context) -> str:
        return api_url(context, "publication_list", f"member={member.slug}")


class Author(Schema):
    position: int
    name: str
    member: str | None = Field(
        description="The slug of the published member this author is, if any."
    )

    @staticmethod
    def resolve_name(authorship) -> str:
        return display_author_name(authorship.name)

    @staticmethod
    def resolve_member(authorship) -> str | None:
        # Linked only where the paper speaks for the member (not hidden from their profile).
        member = authorship.member
        if member is None or not member.is_published or authorship.hidden_from_profile:
            return None
        return member.slug


class Publication(CitationFiles):
    slug: str
    title: str = Field(description="As written; LaTeX math such as \\(7\\times\\) is kept.")
    authors: list[Author]
    authors_complete: bool = Field(description="False when only some authors are known.")
    year: int | None
    publication_date: datetime.date | None
    venue: str
    kind: str = Field(
        description="One of article, conference, preprint, book, chapter, thesis, report, "
        "dataset, software, other."
    )
    abstract: str
    doi: str
    arxiv_id: str
    dblp_key: str
    openalex_id: str
    url: str
    pdf_url: str
    code_url: str
    research_topics: list[TopicRef]
    page_fr: str
    page_en: str
    bibtex: str
    ris: str
    csl_json: str

    @staticmethod
    def resolve_authors(publication) -> list:
        return list(publication.authorships.all())

    @staticmethod
    def resolve_research_topics(publication) -> list:
        return by_slug(publication.topics.all())

    @staticmethod
    def resolve_page_fr(publication, context) -> str:
        return _absolute(context, page_in("fr", "publications:detail", slug=publication.slug))

    @staticmethod
    def resolve_page_en(publication, context) -> str:
        return _absolute(context, page_in("en", "publications:detail", slug=publication.slug))


class Release(Schema):
    kind: str
    venue: str
    year: int | None
    date: datetime.date | None
    doi: str
    arxiv_id: str
    url: str


class PublicationDetail(Publication):
    releases: list[Release] = Field(description="The versions of this publication, oldest first.")

    @staticmethod
    def resolve_releases(publication) -> list:
        return list(publication.releases.all())


class MemberPage(PageOf):
    results: list[Member]


class TopicPage(PageOf):
    results: list[Topic]


class MembershipTypePage(PageOf):
    results: list[MembershipType]


class OrganisationPage(PageOf):
    results: list[Organisation]


class PublicationPage(PageOf):
    results: list[Publication]

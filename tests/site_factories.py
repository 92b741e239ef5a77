"""Whole sets of records for page tests: n members sharing topics, with publications."""

from dataclasses import dataclass

from members.models import Member, ResearchTopic
from publications.models import Publication
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory


@dataclass
class Site:
    members: list[Member]
    topics: list[ResearchTopic]
    publications: list[Publication]

    @property
    def member(self):
        return self.members[0]

    @property
    def topic(self):
        return self.topics[0]

    @property
    def publication(self):
        return self.publications[0]


def populate(n: int) -> Site:
    """`n` members, `n` topics and `n` publications, each member on every topic and an author
    of every publication with an outside co-author: the worst case for per-row queries."""
    topics = [ResearchTopicFactory() for _ in range(n)]
    members = [MemberFactory(research_topics=topics) for _ in range(n)]
    publications = [
        PublicationFactory(
            authors=[*members, "Outside Co-Author"],
            year=2000 + i % 25,
            doi=f"10.1234/fictif.{i}",
            arxiv_id=f"2401.{i:05d}",
            pdf_url="https://example.org/paper.pdf",
            code_url="https://example.org/code",
        )
        for i in range(n)
    ]
    for publication in publications:
        publication.topics.set(topics)
    return Site(members=members, topics=topics, publications=publications)

"""Whole sets of records for page tests: n members sharing topics, with publications."""

import random
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


# --- Discovery: fictional fields of study with vocabularies of their own ----------------------

FIELDS = [
    (
        ("Récifs coralliens fictifs", "Fictional coral reefs"),
        "coral reef bleaching acidification symbiont zooxanthellae calcification lagoon atoll "
        "sediment turbidity spawning polyp seagrass mangrove salinity",
    ),
    (
        ("Correction d'erreurs quantiques fictive", "Fictional quantum error correction"),
        "qubit stabilizer syndrome decoder surface fault tolerance logical ancilla decoherence "
        "threshold lattice entanglement parity gate transmon",
    ),
    (
        ("Manuscrits médiévaux fictifs", "Fictional medieval manuscripts"),
        "parchment scribe illumination codex palaeography monastery vellum marginalia ink "
        "binding provenance liturgical psalter rubric scriptorium",
    ),
    (
        ("Hydrologie glaciaire fictive", "Fictional glacial hydrology"),
        "glacier meltwater moraine runoff crevasse subglacial ablation firn discharge "
        "proglacial calving snowpack icefield outwash nunatak",
    ),
    (
        ("Repliement des protéines fictif", "Fictional protein folding"),
        "protein folding chaperone amino residue conformation misfolding hydrophobic peptide "
        "tertiary aggregation ligand helix disulfide proteostasis",
    ),
]
GENERIC_WORDS = [
    "we",
    "study",
    "model",
    "data",
    "analysis",
    "evaluate",
    "experiments",
    "framework",
    "observe",
    "measure",
    "compare",
    "estimate",
    "fictional",
    "invented",
]


@dataclass
class Fields:
    topics: list[ResearchTopic]
    members: list[Member]
    # (publication, its author) for every fictional paper.
    papers: list[tuple[Publication, Member]]


def _word(rng, signature, pool) -> str:
    """Nearly half the words from the author's signature, a third from the field, the rest
    from every field."""
    draw = rng.random()
    if draw < 0.45:
        return rng.choice(signature)
    return rng.choice(pool) if draw < 0.78 else rng.choice(GENERIC_WORDS)


def populate_fields(*, members_per_field: int = 4, papers_per_member: int = 3) -> Fields:
    """Plainly fictional researchers in FIELDS: the members of a field share its topic and
    its words, each with a signature of their own; every paper has one author."""
    rng = random.Random(7)
    topics, members, papers = [], [], []
    for index, ((name_fr, name_en), words) in enumerate(FIELDS):
        pool = words.split()
        topic = ResearchTopicFactory(slug=f"champ-fictif-{index}", name_fr=name_fr, name_en=name_en)
        topics.append(topic)
        for n in range(members_per_field):
            member = MemberFactory(
                given_name=f"Chercheuse{index}", family_name=f"Fictive{n}", research_topics=[topic]
            )
            members.append(member)
            signature = rng.sample(pool, 5)
            for p in range(papers_per_member):
                title = " ".join(rng.sample(signature, 3) + [f"fictional study {index}-{n}-{p}"])
                abstract = " ".join(_word(rng, signature, pool) for _ in range(60))
                papers.append(
                    (PublicationFactory(title=title, abstract=abstract, authors=[member]), member)
                )
    return Fields(topics=topics, members=members, papers=papers)

"""The expertise computed ahead and the expert finder: who answers a text, and why."""

import pytest
from django.core.management import call_command
from django.utils import translation

from core.jobs import JobStatus
from members.models import Member, ResearchTopic
from publications.choices import ReviewStatus
from publications.discovery.expertise import TERMS_PER_MEMBER, compute_expertise
from publications.discovery.finder import (
    MAX_TERMS,
    MAX_TEXT,
    RELEVANT_AMONG,
    SHOWN,
    find_experts,
    query_terms,
)
from publications.discovery.models import ExpertiseJob, ExpertiseTerm, ExpertiseTrigger
from publications.discovery.similar import refresh_similar
from publications.models import Authorship
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory
from tests.site_factories import populate_fields

pytestmark = pytest.mark.django_db


def ranked(text: str) -> list[Member]:
    return [expert.member for expert in find_experts(text).experts]


# --- Quality ------------------------------------------------------------------------------------


def test_the_abstract_of_a_paper_ranks_its_author_in_the_top_three():
    fields = populate_fields()
    compute_expertise()

    misses = [
        (paper.title, author.full_name)
        for paper, author in fields.papers
        if author not in ranked(paper.abstract)[:3]
    ]

    assert misses == []


def test_a_few_words_of_a_field_rank_its_members_first():
    populate_fields()
    compute_expertise()

    best = ranked("palaeography of a psalter written in a scriptorium")[:4]

    assert {member.research_topics.get().slug for member in best} == {"champ-fictif-2"}


def test_a_french_query_finds_work_indexed_in_english_through_the_topic_names():
    renforcement = ResearchTopicFactory(
        slug="renforcement",
        name_fr="Apprentissage par renforcement",
        name_en="Reinforcement learning",
    )
    MemberFactory(given_name="Topique", family_name="Seulement", research_topics=[renforcement])
    english = MemberFactory(given_name="Anglaise", family_name="Fictive")
    paper = PublicationFactory(
        title="Reinforcement learning for fictional warehouse robots",
        abstract="Invented agents learn a policy from sparse rewards in a simulated warehouse; "
        "reinforcement learning with reward shaping.",
        authors=[english],
    )
    MemberFactory(given_name="Hors", family_name="Sujet")
    PublicationFactory(
        title="Fictional pottery glazes",
        abstract="Kiln temperatures.",
        authors=[Member.objects.last()],
    )
    compute_expertise()

    search = find_experts("apprentissage par renforcement")

    found = {expert.member: expert for expert in search.experts}
    assert english in found
    assert found[english].publications == [paper]
    assert Member.objects.get(family_name="Sujet") not in found


def test_an_english_query_finds_work_written_in_french_through_the_topic_names():
    imagerie = ResearchTopicFactory(
        slug="imagerie", name_fr="Imagerie médicale", name_en="Medical imaging"
    )
    MemberFactory(given_name="Topique", family_name="Seulement", research_topics=[imagerie])
    french = MemberFactory(given_name="Française", family_name="Fictive")
    paper = PublicationFactory(
        title="Segmentation fictive en imagerie médicale",
        abstract="Nous segmentons des échographies inventées ; l'imagerie médicale fictive.",
        authors=[french],
    )
    compute_expertise()

    search = find_experts("medical imaging")

    found = {expert.member: expert for expert in search.experts}
    assert french in found
    assert found[french].publications == [paper]


def test_each_expert_comes_with_the_topics_and_publications_that_match():
    fields = populate_fields()
    compute_expertise()
    paper, author = fields.papers[0]

    expert = find_experts(paper.abstract).experts[0]

    assert expert.member == author
    assert [topic.slug for topic in expert.topics] == ["champ-fictif-0"]
    assert paper in expert.publications
    assert len(expert.publications) <= 3


def test_the_matching_topics_follow_a_renamed_topic_at_once():
    fields = populate_fields()
    compute_expertise()
    paper, author = fields.papers[0]
    assert [topic.slug for topic in find_experts(paper.abstract).experts[0].topics] == [
        "champ-fictif-0"
    ]

    ResearchTopic.objects.filter(slug="champ-fictif-0").update(
        name_fr="Sujet sans rapport", name_en="Unrelated subject"
    )

    expert = next(e for e in find_experts(paper.abstract).experts if e.member == author)
    assert expert.topics == []


def test_a_long_paste_becomes_a_bounded_query():
    populate_fields()
    compute_expertise()
    paste = " ".join(["glacier meltwater moraine qubit parchment coral"] * 800)

    search = find_experts(paste)

    assert len(paste) > 30_000
    assert search.was_cut and len(search.text) <= MAX_TEXT
    assert 0 < len(search.terms) <= MAX_TERMS
    assert search.experts


def test_stop_words_of_both_languages_are_not_looked_for():
    populate_fields()
    compute_expertise()

    query = query_terms("the of and les des du avec which with")

    assert query.weights == {}
    assert find_experts("the of and les des du avec").experts == []


def test_a_word_nearly_every_member_uses_finds_no_one_beside_a_telling_word():
    for n in range(60):
        PublicationFactory(
            title=f"Fictional survey {n}", abstract="A fictional survey.", authors=[MemberFactory()]
        )
    glaciologist = MemberFactory()
    PublicationFactory(
        title="Glacier meltwater", abstract="A fictional survey.", authors=[glaciologist]
    )
    compute_expertise()

    search = find_experts("glacier in a fictional survey")

    assert [expert.member for expert in search.experts] == [glaciologist]
    # Alone, the common words are still looked for: every member matches them.
    assert len(find_experts("fictional survey").experts) == SHOWN


def test_the_publications_shown_are_chosen_among_the_members_recent_work():
    member = MemberFactory()
    old = PublicationFactory(
        title="Glacier meltwater, the first survey", abstract="", year=1990, authors=[member]
    )
    for n in range(RELEVANT_AMONG):
        PublicationFactory(title=f"Fictional moraine {n}", abstract="", year=2000, authors=[member])
    recent = PublicationFactory(
        title="Glacier meltwater again", abstract="", year=2020, authors=[member]
    )
    compute_expertise()

    expert = find_experts("glacier meltwater").experts[0]

    assert expert.member == member
    assert recent in expert.publications
    assert old not in expert.publications


# --- What the expertise is made of --------------------------------------------------------------


def test_only_public_publications_on_the_profile_make_expertise():
    member = MemberFactory()
    PublicationFactory(title="Visible fictional tardigrade", abstract="", authors=[member])
    PublicationFactory(
        title="Pending fictional axolotl", review_status=ReviewStatus.PENDING, authors=[member]
    )
    PublicationFactory(title="Draft fictional pangolin", is_published=False, authors=[member])
    hidden = PublicationFactory(title="Misattributed fictional narwhal", authors=[member])
    Authorship.objects.filter(publication=hidden).update(hidden_from_profile=True)
    compute_expertise()

    assert ranked("tardigrade") == [member]
    for word in ("axolotl", "pangolin", "narwhal"):
        assert ranked(word) == [], word


def test_unpublished_members_have_no_expertise_and_are_never_found():
    topic = ResearchTopicFactory(name_fr="Ornithologie fictive", name_en="Fictional ornithology")
    shown = MemberFactory(research_topics=[topic])
    draft = MemberFactory(research_topics=[topic], is_published=False)
    compute_expertise()

    assert ranked("ornithologie") == [shown]
    assert not ExpertiseTerm.objects.filter(member=draft).exists()

    shown.is_published = False
    shown.save()
    compute_expertise(member_ids=[shown.pk])
    assert ranked("ornithologie") == []


def test_a_members_expertise_is_a_bounded_unit_vector_and_computing_twice_changes_nothing():
    populate_fields(members_per_field=1, papers_per_member=8)
    compute_expertise()
    first = sorted(ExpertiseTerm.objects.values_list("member_id", "term", "weight"))

    compute_expertise()

    assert sorted(ExpertiseTerm.objects.values_list("member_id", "term", "weight")) == first
    for member in Member.objects.all():
        weights = list(member.expertise_terms.values_list("weight", flat=True))
        assert 0 < len(weights) <= TERMS_PER_MEMBER
        assert sum(w * w for w in weights) == pytest.approx(1.0)


def test_one_members_expertise_is_refreshed_alone():
    fields = populate_fields(members_per_field=1, papers_per_member=1)
    compute_expertise()
    member, other = fields.members[0], fields.members[1]
    before = sorted(other.expertise_terms.values_list("term", "weight"))
    PublicationFactory(
        title="Fictional volcano tephra", abstract="Tephra layers.", authors=[member]
    )

    compute_expertise(member_ids=[member.pk])

    assert member in ranked("tephra")
    assert sorted(other.expertise_terms.values_list("term", "weight")) == before


def test_the_command_computes_expertise_and_similar_members(capsys):
    populate_fields(members_per_field=2, papers_per_member=2)

    with translation.override("en"):
        call_command("compute_expertise")

    output = capsys.readouterr().out
    assert output.startswith("10 members:")
    assert "similar members listed" in output
    assert ExpertiseTerm.objects.exists()
    assert refresh_similar().pairs > 0
    # Run here, and recorded as staff see the computations in the admin.
    job = ExpertiseJob.objects.get()
    assert (job.status, job.trigger, job.everyone) == (
        JobStatus.DONE,
        ExpertiseTrigger.COMMAND,
        True,
    )
    assert job.result["members"] == 10 and job.result["pairs"] > 0

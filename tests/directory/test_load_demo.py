import json

import pytest
from django.core.management import call_command

from directory.management.commands.load_demo import SEED_FILE
from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

MODELS = [Member, ResearchTopic, MembershipType, Organisation, Publication, Authorship]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_second_run_changes_nothing():
    call_command("load_demo", stdout=None)
    first = counts()
    first_updated = {m.slug: m.updated_at for m in Member.objects.all()}
    call_command("load_demo")
    assert counts() == first
    assert {m.slug: m.updated_at for m in Member.objects.all()} == first_updated
    assert first["Member"] >= 50


def test_second_run_reports_everything_unchanged(capsys):
    call_command("load_demo")
    call_command("load_demo")
    output = capsys.readouterr().out.splitlines()
    summary = output[output.index("Members: 0 created, 0 updated, 51 unchanged.") :]
    assert summary[1].startswith("Publications: 0 created, 0 merged, 72 unchanged")


def test_seed_member_as_the_seed_page_shows_him():
    call_command("load_demo")
    member = Member.objects.get(slug="razvan-pascanu")
    assert member.full_name == "Razvan Pascanu"
    assert member.membership_type.name_fr == "Membre affilié"
    assert member.membership_type.name_en == "Affiliate member"
    assert member.position_title_fr == "Chercheur scientifique principal"
    assert member.organisation.name == "Google DeepMind"
    assert member.portrait_alt_fr == "Portrait de Razvan Pascanu"
    topics = member.research_topics.all()
    assert topics.count() == 15
    assert {t.name_fr for t in topics} >= {"Apprentissage continu", "Interprétabilité mécanistique"}
    assert all(t.name_en for t in topics)
    assert Publication.objects.on_profile_of(member).count() == 12


def test_seed_publications_keep_the_seed_authors_and_full_abstracts():
    call_command("load_demo")
    trecvit = Publication.objects.get(title="TRecViT: A Recurrent Video Transformer")
    names = [a.name for a in trecvit.authorships.all()]
    # The seed's order, the DBLP homonym number dropped, the member added last.
    assert names[:3] == ["Viorica Patraucean", "Joseph Heyward", "Chuhan Zhang"]
    assert "Yutian Chen" in names and "Yutian Chen 0001" not in names
    assert names[-1] == "Razvan Pascanu"
    assert not trecvit.authors_complete
    perplexity = Publication.objects.get(title__startswith="Perplexity Cannot")
    assert "(voir plus)" not in perplexity.abstract
    assert "gained significant traction in recent years" in perplexity.abstract
    # Facts the seed does not give are left empty rather than guessed.
    assert perplexity.year is None and perplexity.venue == "" and perplexity.doi == ""
    no_abstract = Publication.objects.get(title="Mining Generalizable Activation Functions")
    assert no_abstract.abstract == ""


def test_seed_file_has_what_the_issue_lists():
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    assert len(seed["topics"]) == 15
    assert len(seed["publications"]) == 12


def test_fictional_members_say_they_are_fictional():
    call_command("load_demo")
    fictional = Member.objects.exclude(slug="razvan-pascanu")
    assert fictional.count() == 50
    assert all("fictif" in m.bio_fr and "Fictional" in m.bio_en for m in fictional)
    assert fictional.values("membership_type").distinct().count() >= 3
    assert fictional.filter(is_published=False).exists()

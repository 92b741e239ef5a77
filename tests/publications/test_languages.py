"""The language of titles and abstracts: from the source, else detected when sure."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from directory.management.commands.load_demo import SEED_FILE
from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import bibtex, openalex, orcid
from publications.languages import detect_language, normalise_language, publication_languages
from publications.models import Publication
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

ENGLISH_ABSTRACT = (
    "Neural networks are often adapted in nonstationary settings where the objective is to "
    "optimise performance on the current task; we examine whether preserving stability helps."
)
FRENCH_ABSTRACT = (
    "Nous étudions une méthode inventée pour la segmentation des images médicales et montrons "
    "qu'elle aide dans certains cas et pas dans d'autres, comme le disent les résumés fictifs."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("On the difficulty of training recurrent neural networks", "en"),
        ("Overcoming catastrophic forgetting in neural networks", "en"),
        ("Étude des réseaux de neurones récurrents pour la traduction automatique", "fr"),
        ("Sur la généralisation hors distribution", "fr"),
        ("Die Entwicklung der neuronalen Netze im Überblick", "de"),
        # Too short or too mixed to be sure: unknown rather than guessed wrong.
        ("Pixel", ""),
        ("MS-SSM", ""),
        ("Vector quotient filters", ""),
        ("Apprentissage continu", ""),
        ("\\(7\\times\\) speed-up", ""),
        ("", ""),
    ],
)
def test_detection_answers_only_when_sure(text, language):
    assert detect_language(text) == language


def test_an_unsure_title_takes_the_language_its_abstract_is_in():
    assert detect_language("TRecViT: A Recurrent Video Transformer") == ""

    assert publication_languages("TRecViT: A Recurrent Video Transformer", ENGLISH_ABSTRACT) == (
        "en",
        "en",
    )


def test_what_the_source_declares_wins_over_detection():
    assert publication_languages("A title in English", FRENCH_ABSTRACT, declared="fr") == (
        "fr",
        "fr",
    )
    assert publication_languages("A title", "", declared="English") == ("en", "")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("en", "en"),
        ("EN-us", "en"),
        ("English", "en"),
        ("french", "fr"),
        ("ngerman", "de"),
        ("fre", "fr"),
        ("pt_BR", "pt"),
        ("klingon", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_source_languages_become_iso_codes(value, code):
    assert normalise_language(value) == code


def test_the_database_refuses_a_language_that_is_not_a_code():
    publication = PublicationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).update(title_language="E1")


# --- From the sources -------------------------------------------------------------------------


def test_openalex_says_the_language_of_the_work():
    entry = openalex.entry_from_work(
        {"id": "https://openalex.org/W1", "title": "Un titre", "language": "fr"}
    )
    assert entry.language == "fr"


def test_orcid_says_the_language_of_the_work():
    entry = orcid.entry_from_work({"title": {"title": {"value": "A title"}}, "language-code": "en"})
    assert entry.language == "en"


@pytest.mark.parametrize("field", ["langid", "language"])
def test_bibtex_says_the_language_in_langid_or_language(field):
    parsed = bibtex.parse(f"@article{{k, title={{Un titre}}, year=2024, {field}={{french}}}}")

    assert parsed.entries[0].language == "french"


def test_an_import_stores_the_declared_language_or_detects_it():
    work = {
        "id": "https://openalex.org/W2",
        "title": "Short",
        "language": "en",
        "abstract_inverted_index": {"Fictional": [0], "abstract": [1]},
    }
    import_publications(
        entries=[
            openalex.entry_from_work(work),
            PublicationEntry(title="Sur la généralisation hors distribution", abstract=""),
        ]
    )

    declared = Publication.objects.get(title="Short")
    detected = Publication.objects.get(title__startswith="Sur la")
    assert (declared.title_language, declared.abstract_language) == ("en", "en")
    assert (detected.title_language, detected.abstract_language) == ("fr", "")


def test_a_merge_fills_in_the_languages_a_publication_lacks():
    existing = PublicationFactory(
        title="Loss Smoothing for Continual Adaptation", abstract="", doi="10.1234/fictif.1"
    )
    assert existing.title_language == ""

    report = import_publications(
        entries=[
            PublicationEntry(
                title="Loss Smoothing for Continual Adaptation",
                doi="10.1234/fictif.1",
                abstract=ENGLISH_ABSTRACT,
            )
        ]
    )

    existing.refresh_from_db()
    assert report.summary()["merged"] == 1
    assert (existing.title_language, existing.abstract_language) == ("en", "en")


def test_a_merge_keeps_no_language_of_an_abstract_it_did_not_take():
    existing = PublicationFactory(
        title="Une méthode fictive", abstract="Un résumé déjà là.", doi="10.1234/fictif.2"
    )
    Publication.objects.filter(pk=existing.pk).update(title_language="fr")

    import_publications(
        entries=[
            PublicationEntry(
                title="Une méthode fictive",
                doi="10.1234/fictif.2",
                abstract=ENGLISH_ABSTRACT,
                language="en",
            )
        ]
    )

    existing.refresh_from_db()
    assert existing.abstract == "Un résumé déjà là."
    assert (existing.title_language, existing.abstract_language) == ("fr", "")


# --- The command --------------------------------------------------------------------------------


def test_the_command_fills_in_unknown_languages_only():
    english = PublicationFactory(title="Overcoming catastrophic forgetting in neural networks")
    french = PublicationFactory(title="Sur la généralisation", abstract=FRENCH_ABSTRACT)
    kept = PublicationFactory(title="On the difficulty of training recurrent neural networks")
    Publication.objects.filter(pk__in=[english.pk, french.pk]).update(
        title_language="", abstract_language=""
    )
    Publication.objects.filter(pk=kept.pk).update(title_language="it")
    out = StringIO()

    call_command("detect_languages", stdout=out)

    for publication in (english, french, kept):
        publication.refresh_from_db()
    assert english.title_language == "en"
    assert (french.title_language, french.abstract_language) == ("fr", "fr")
    assert kept.title_language == "it"
    assert "publications updated" in out.getvalue()

    call_command("detect_languages", "--overwrite", stdout=StringIO())
    kept.refresh_from_db()
    assert kept.title_language == "en"


def test_the_seed_declares_no_language_and_its_english_is_detected():
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    for entry in seed["publications"]:
        title, abstract = publication_languages(entry["title"], entry.get("abstract", ""))
        assert title == "en", entry["title"]
        assert abstract == ("en" if entry.get("abstract") else "")

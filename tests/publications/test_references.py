"""References formatted as a reader pastes them into a paper: APA, Chicago (author-date) and
IEEE from the official CSL styles, in French or English, "et al." where the author list is
incomplete, formulas left as written, plain text only, and formatted once."""

import datetime

import pytest

from publications import references as module
from publications.models import PublicationKind
from publications.references import reference, references
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    return PublicationFactory(
        title="Loss smoothing for continual adaptation",
        kind=PublicationKind.CONFERENCE_PAPER,
        venue="Conférence fictive",
        year=2024,
        publication_date=datetime.date(2024, 3, 5),
        doi="10.1234/loss",
        authors=["Razvan Pascanu", "Clare Lyle"],
    )


def texts(publication, language):
    return {found.style: found.text for found in references(publication, language)}


def test_three_styles_in_english(paper):
    assert texts(paper, "en") == {
        "apa": (
            "Pascanu, R., & Lyle, C. (2024, March 5). Loss smoothing for continual adaptation. "
            "Conférence Fictive. https://doi.org/10.1234/loss"
        ),
        "chicago-author-date": (
            "Pascanu, R., and C. Lyle. 2024. “Loss Smoothing for Continual Adaptation”. "
            "Conférence Fictive, March 5. https://doi.org/10.1234/loss."
        ),
        "ieee": (
            "R. Pascanu and C. Lyle, “Loss smoothing for continual adaptation”, in Conférence "
            "fictive, Mar. 2024. doi: 10.1234/loss."
        ),
    }


def test_the_terms_of_the_page_language(paper):
    french = texts(paper, "fr")

    assert "(2024, mars 5)" in french["apa"]
    assert "Pascanu, R., et C. Lyle." in french["chicago-author-date"]
    # French quotation marks, with their no-break spaces.
    assert "«\xa0Loss smoothing for continual adaptation\xa0»" in french["ieee"]


def test_an_incomplete_author_list_says_et_al(paper):
    paper.authors_complete = False
    paper.save()

    found = texts(paper, "en")
    assert found["apa"].startswith("Pascanu, R., Lyle, C., et al. (2024")
    assert found["chicago-author-date"].startswith("Pascanu, R., C. Lyle, et al. 2024.")
    assert found["ieee"].startswith("R. Pascanu, C. Lyle, et al., “Loss")
    assert "Lyle, C., et al. (2024" in texts(paper, "fr")["apa"]


def test_a_long_list_is_cut_by_the_style_itself():
    names = [f"Auteur{n} Fictif{n}" for n in range(8)]
    publication = PublicationFactory(authors=names, authors_complete=False, year=2020)

    ieee = reference(publication, "ieee", "en").text
    assert ieee.startswith("A. Fictif0 et al., ")
    assert "Zzq" not in ieee


def test_formulas_and_markup_stay_as_written():
    publication = PublicationFactory(
        title=r"Gradients at \(x + y\) scale <b>fast</b> & far",
        authors=["Ada Lovelace"],
        year=2021,
    )

    chicago = reference(publication, "chicago-author-date", "en").text
    # Title case for the words, not inside the formula; the tags are text, never markup.
    assert r"“Gradients at \(x + y\) Scale <b>fast</b> & Far”" in chicago


def test_the_preprint_of_an_archive():
    publication = PublicationFactory(
        title="A fictional preprint",
        kind=PublicationKind.PREPRINT,
        venue="arXiv",
        arxiv_id="2401.01234",
        year=2024,
        authors=["Ada Lovelace"],
    )

    assert reference(publication, "apa", "en").text == (
        "Lovelace, A. (2024). A fictional preprint [Preprint]. arXiv (arXiv:2401.01234). "
        "https://arxiv.org/abs/2401.01234"
    )


def test_formatted_once_then_read_from_the_cache(paper, monkeypatch):
    first = texts(paper, "en")
    monkeypatch.setattr(module, "_render", lambda *args: pytest.fail("formatted again"))

    assert texts(paper, "en") == first


def test_an_edit_is_formatted_afresh(paper):
    before = reference(paper, "apa", "en").text
    paper.title = "A new title"
    paper.save()

    after = reference(paper, "apa", "en").text
    assert after != before and "A new title" in after


def test_each_style_is_loaded_once_per_process():
    assert module._style("apa", "en-US") is module._style("apa", "en-US")


@pytest.mark.parametrize("style", module.STYLES)
@pytest.mark.parametrize("locale", module.LOCALES.values())
def test_the_item_looked_up_once_formats_as_citeprocs_own(paper, style, locale, monkeypatch):
    item = module._formatting_item(paper)
    kept = module._render(item, style, locale)
    monkeypatch.setattr(module, "_CitedItem", module.CitationItem)

    assert kept == module._render(item, style, locale)

"""Math in titles and abstracts costs what the text is long, however it is written: unclosed
delimiters, very long formulas and very long abstracts never slow a page down."""

import gc
import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.templatetags.publication_tags import fold_text, math, math_paragraphs
from publications import latex
from publications.abstracts import MAX_ABSTRACT_LENGTH
from publications.exports import latex_escape
from publications.importing import PublicationEntry, import_publications
from publications.importing.readers import bibtex as bibtex_importer
from publications.models import Publication
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db

# Each one took seconds before the formulas were found in one pass (quadratic in its length).
HOSTILE_TEXTS = {
    "8,000 unclosed \\(": "\\( a " * 8000,
    "8,000 unclosed \\[": "\\[ a " * 8000,
    "60 KB of unclosed delimiters": ("$$ " + "word \\( word \\[ " * 4000)[:60_000],
}
# Generous: the hostile texts take a few milliseconds now, and took 0.7 to 2 seconds before.
CPU_SECONDS = 0.5


def cpu_seconds(function, *args):
    """Processor time of one call, which other work on the machine does not inflate, nor the
    garbage collector (whose passes cost what the whole test process holds, not the call)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        function(*args)
        return time.process_time() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
@pytest.mark.parametrize(
    "render",
    [math, math_paragraphs, fold_text, latex_escape, bibtex_importer.latex_text],
    ids=["math", "math_paragraphs", "fold_text", "bibtex export", "bibtex import"],
)
def test_unclosed_delimiters_cost_no_more_than_the_text_is_long(render, text):
    assert cpu_seconds(render, text) < CPU_SECONDS


def test_a_publication_page_with_a_hostile_abstract_is_served_quickly(client):
    """The hostile abstract costs no more than a plain one of the same length: measured against
    it, so that what any first request costs (templates compiled, addresses resolved) is not
    counted against the abstract."""
    hostile_text = HOSTILE_TEXTS["8,000 unclosed \\("]
    warm_up, plain = (
        PublicationFactory(abstract=("a " * len(hostile_text))[: len(hostile_text)])
        for _ in range(2)
    )
    paper = PublicationFactory(abstract=hostile_text)
    client.get(warm_up.get_absolute_url())

    plain_seconds = cpu_seconds(client.get, plain.get_absolute_url())
    hostile_seconds = cpu_seconds(client.get, paper.get_absolute_url())
    response = client.get(paper.get_absolute_url())

    assert response.status_code == 200
    assert hostile_seconds - plain_seconds < CPU_SECONDS
    assert "\\( a \\( a" in response.content.decode()


def test_the_text_around_unclosed_delimiters_is_shown_as_written():
    assert math("\\( a \\( b $$ c \\[ d <i>") == "\\( a \\( b $$ c \\[ d &lt;i&gt;"


def test_each_formula_is_converted_once(monkeypatch):
    calls = []

    def converter(latex_source, **options):
        calls.append(latex_source)
        return '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>'

    monkeypatch.setattr(latex, "latex_to_mathml", converter)
    text = "\\(a\\) and $b$ and \\[c\\] and $$d$$, money: $5 or $10, " + "\\( " * 1000

    html = math(text)

    assert calls == ["a", "b", "c", "d"]
    assert html.count("<math") == 4


def test_a_formula_over_the_bound_is_shown_as_text_not_converted(monkeypatch):
    calls = []
    monkeypatch.setattr(latex, "latex_to_mathml", lambda source, **o: calls.append(source))
    long_formula = "x+" * (latex.MAX_FORMULA_LENGTH // 2 + 1)

    html = math(f"Before \\({long_formula}\\) after <b>")

    assert calls == []
    assert html == f"Before \\({long_formula}\\) after &lt;b&gt;"


def test_a_formula_within_the_bound_is_still_converted():
    formula = "x+" * (latex.MAX_FORMULA_LENGTH // 2 - 1) + "y"

    assert math(f"\\({formula}\\)").startswith("<math ")


def test_the_fold_still_avoids_formulas_among_many():
    text = "word " * 30 + " ".join(f"\\(a_{n} + b\\)" for n in range(3000))

    folded = fold_text(text)

    assert folded.head.count("\\(") == folded.head.count("\\)")
    assert folded.head + folded.tail == text.strip()


def over_long_abstract() -> str:
    # Words and a formula straddling the bound: the cut falls before the formula.
    start = "mot " * ((MAX_ABSTRACT_LENGTH - 10) // 4)
    return start + "\\(x^2 + y^2\\) " + "suite " * 2000


def test_an_over_long_abstract_is_shortened_at_import_and_reported():
    report = import_publications(
        entries=[PublicationEntry(title="A very long abstract", abstract=over_long_abstract())]
    )

    stored = Publication.objects.get()
    assert len(stored.abstract) <= MAX_ABSTRACT_LENGTH
    assert stored.abstract.endswith("mot…")
    assert over_long_abstract().startswith(stored.abstract[:-1])
    assert report.notes == [
        ("A very long abstract", "résumé raccourci à ses 20000 premiers caractères")
    ]
    assert "  note on A very long abstract: résumé raccourci" in "\n".join(report.lines())


def test_a_short_abstract_is_kept_whole_and_not_reported():
    report = import_publications(entries=[PublicationEntry(title="Short", abstract="Court.")])

    assert Publication.objects.get().abstract == "Court."
    assert report.notes == []


def test_the_import_command_prints_the_shortened_abstract(tmp_path):
    path = tmp_path / "long.bib"
    path.write_text(
        "@article{long2024, title={Long one}, year={2024}, abstract={"
        + over_long_abstract()
        + "}}\n"
    )
    out = StringIO()

    call_command("import_publications", str(path), stdout=out)

    assert "note on Long one: résumé raccourci à ses 20000 premiers caractères" in out.getvalue()
    assert len(Publication.objects.get().abstract) <= MAX_ABSTRACT_LENGTH


# The pattern the formulas were found with before: the single pass must find exactly the same.
FORMER_PATTERN = re.compile(
    r"\\\((?P<inline>.+?)\\\)"
    r"|\\\[(?P<display>.+?)\\\]"
    r"|\$\$(?P<display_dollars>.+?)\$\$"
    r"|\$(?P<dollars>[^\s$](?:[^$]*?[^\s$\\])?)\$",
    re.DOTALL,
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["\\", "(", ")", "[", "]", "$", " ", "\n", "x"])))
def test_the_single_pass_finds_the_formulas_the_former_pattern_found(text):
    former = [
        (match.start(), match.end(), match.group(0)) for match in FORMER_PATTERN.finditer(text)
    ]

    found = [(f.start, f.end, text[f.start : f.end]) for f in latex.math_spans(text)]

    assert found == former

"""Text from outside as it may be stored: no control characters, line breaks kept or not."""

import pytest
from django.utils import html as django_html
from django.utils.functional import lazy
from hypothesis import given
from hypothesis import strategies as st

from core.text import clean_text, escape


@pytest.mark.parametrize(
    ("text", "multiline", "cleaned"),
    [
        ("Fic\x00tional\x07 title\x1b\x7f\x80\x9f", False, "Fictional title"),
        # Separators between words become spaces, not glue.
        (
            "graph\x0bsketches\x0cof\x1cevery\x1fsize\x85now",
            False,
            "graph sketches of every size now",
        ),
        ("  one\tline\r\nonly \n", False, "one line only"),
        ("First.\r\nSecond.\rThird.\n\tIndented.", True, "First.\nSecond.\nThird.\n\tIndented."),
        ("lone \ud800 surrogate \ufffe and \uffff", False, "lone surrogate and"),
        ("Ünïcödé, 𝕏 and emoji 🙂 stay", False, "Ünïcödé, 𝕏 and emoji 🙂 stay"),
        ("", True, ""),
        (None, False, ""),
    ],
)
def test_clean_text(text, multiline, cleaned):
    assert clean_text(text, multiline=multiline) == cleaned


@given(st.text())
def test_escape_writes_what_djangos_escape_writes(text):
    assert escape(text) == django_html.escape(text)


def test_escape_escapes_markup_quotes_and_lazy_text():
    assert escape('<a href="x">O\'Neil & co</a>') == (
        "&lt;a href=&quot;x&quot;&gt;O&#x27;Neil &amp; co&lt;/a&gt;"
    )
    assert escape(lazy(lambda: "<b>", str)()) == "&lt;b&gt;"
    assert escape(3) == "3"

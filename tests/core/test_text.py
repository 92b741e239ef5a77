"""Text from outside as it may be stored: no control characters, line breaks kept or not."""

import pytest

from core.text import clean_text


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

"""The language of a publication's title and abstract: as the source declares it, otherwise
detected, so that pages can mark text in another language than theirs (WCAG 3.1.2).

Detection uses py3langid and answers only when sure: the whole model must find one of the
site's languages first and the model restricted to the site's languages must give it at least
CONFIDENCE; a short or mixed title stays unknown rather than guessed wrong. Another language
is kept only when the whole model is just as sure of it.
"""

import re
from functools import cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info

# Below this, a text is too short to say anything about ("Pixel", "MS-SSM").
MIN_LETTERS = 10
# Probability the site-language model must give (0.9: "Vector quotient filters" stays unknown
# at 0.79, "Hyperbolic attention networks" is English at 0.91).
CONFIDENCE = 0.9
# Probability the whole model must give a language that is not the site's.
OTHER_CONFIDENCE = 0.9
# A title the detector hesitates on takes its abstract's language when it leans that way.
TITLE_LEANING = 0.6

_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$[^$]*\$", re.S)
_LETTERS = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"^[a-z]{2}$")
# How bibliographies name languages (biblatex `langid`, BibTeX `language`) when not by code.
LANGUAGE_NAMES = {
    "english": "en",
    "american": "en",
    "british": "en",
    "canadian": "en",
    "australian": "en",
    "anglais": "en",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "canadien": "fr",
    "acadian": "fr",
    "german": "de",
    "ngerman": "de",
    "deutsch": "de",
    "austrian": "de",
    "naustrian": "de",
    "spanish": "es",
    "espanol": "es",
    "español": "es",
    "italian": "it",
    "portuguese": "pt",
    "brazilian": "pt",
    "portuges": "pt",
    "dutch": "nl",
    "russian": "ru",
    "polish": "pl",
    "swedish": "sv",
    "danish": "da",
    "norwegian": "no",
    "finnish": "fi",
    "greek": "el",
    "turkish": "tr",
    "japanese": "ja",
    "chinese": "zh",
    "korean": "ko",
    "arabic": "ar",
    "catalan": "ca",
    "czech": "cs",
    "romanian": "ro",
    "hungarian": "hu",
    "latin": "la",
}
# Three-letter codes sources use (ISO 639-2) for the languages above.
THREE_LETTER_CODES = {
    "eng": "en",
    "fre": "fr",
    "fra": "fr",
    "ger": "de",
    "deu": "de",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "dut": "nl",
    "nld": "nl",
}


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def known_codes() -> set[str]:
    """ISO 639-1 codes the field accepts: those Django has a name for."""
    return {code for code, info in LANG_INFO.items() if _CODE.match(code) and "name" in info}


def language_choices() -> list[tuple[str, str]]:
    """The site's languages first, then every other language Django names, alphabetically."""
    first = site_languages()
    others = sorted(known_codes() - set(first))
    return [(code, get_language_info(code)["name_translated"]) for code in [*first, *others]]


def normalise_language(value) -> str:
    """A source's language ("en", "EN-us", "English", "ngerman", "fre") as an ISO 639-1 code
    the field accepts, or "" when it names none."""
    text = str(value or "").strip().lower().replace("_", "-")
    if not text:
        return ""
    code = text.split("-")[0]
    code = (
        LANGUAGE_NAMES.get(text) or LANGUAGE_NAMES.get(code) or THREE_LETTER_CODES.get(code, code)
    )
    return code if code in known_codes() else ""


@cache
def _identifiers():
    # Loaded on first use: the model takes a moment and most processes never detect anything.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    every = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    site = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    site.set_languages(site_languages())
    return every, site


def _plain(text: str) -> str:
    return " ".join(_MATH.sub(" ", text or "").split())


def detect_language(text: str) -> str:
    """The language `text` is written in, as an ISO 639-1 code, or "" when unsure."""
    text = _plain(text)
    if len(_LETTERS.findall(text)) < MIN_LETTERS:
        return ""
    every, site = _identifiers()
    top, probability = every.classify(text)
    if top not in site_languages():
        return top if probability >= OTHER_CONFIDENCE and top in known_codes() else ""
    language, probability = site.classify(text)
    return language if probability >= CONFIDENCE else ""


def _leans_to(text: str, language: str) -> bool:
    text = _plain(text)
    if not _LETTERS.search(text) or language not in site_languages():
        return False
    found, probability = _identifiers()[1].classify(text)
    return found == language and probability >= TITLE_LEANING


def publication_languages(title: str, abstract: str, *, declared: str = "") -> tuple[str, str]:
    """(title language, abstract language): what the source `declared` for the work, else
    detected; an unsure title takes the abstract's language when it leans that way."""
    declared = normalise_language(declared)
    if declared:
        return declared, declared if abstract.strip() else ""
    abstract_language = detect_language(abstract) if abstract.strip() else ""
    title_language = detect_language(title)
    if not title_language and abstract_language and _leans_to(title, abstract_language):
        title_language = abstract_language
    return title_language, abstract_language

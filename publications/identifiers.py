"""Normalisation of the identifiers that tell two records of one paper apart or together."""

import re

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_PREFIXES = re.compile(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE)
_DBLP_HOMONYM = re.compile(r"\s+\d{4}$")


def normalise_doi(value: str) -> str:
    """`https://doi.org/10.1073/PNAS.123` -> `10.1073/pnas.123`; "" when it is not a DOI."""
    doi = _DOI_PREFIXES.sub("", (value or "").strip()).strip().lower()
    return doi if _DOI.match(doi) else ""


def normalise_arxiv_id(value: str) -> str:
    """`arXiv:2401.01234v3` -> `2401.01234`; "" when it is not an arXiv identifier."""
    text = _ARXIV_PREFIXES.sub("", (value or "").strip()).removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return match.group(1)
    return ""


def display_author_name(name: str) -> str:
    """An author name as shown: DBLP's homonym number dropped ("Yutian Chen 0001")."""
    return _DBLP_HOMONYM.sub("", " ".join((name or "").split()))


_OPENALEX_WORK = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?)?(W\d+)$", re.I)
_DBLP_KEY = re.compile(r"^[a-z]+(?:/[\w.+-]+)+$", re.IGNORECASE)


def normalise_openalex_id(value: str) -> str:
    """`https://openalex.org/W3174427814` -> `W3174427814`; "" when it is not a work id."""
    match = _OPENALEX_WORK.match((value or "").strip())
    return match.group(1).upper() if match else ""


def normalise_dblp_key(value: str) -> str:
    """A dblp record key such as `conf/iclr/SmithD24`, without the site's address around it."""
    key = (value or "").strip().removeprefix("https://dblp.org/rec/").removeprefix("dblp:")
    key = key.removesuffix(".html").removesuffix(".xml").removesuffix(".bib")
    return key if _DBLP_KEY.match(key) else ""

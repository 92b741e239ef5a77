"""The identifiers of papers (DOI, arXiv id, DBLP key, OpenAlex work id) and of people (ORCID
iD, DBLP pid, OpenAlex author id) in the one form the directory stores and compares: models,
readers and imports all normalise through here."""

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


ORCID_FORMAT = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


# The person ids DBLP gives: numeric, with a number after a hyphen telling namesakes apart
# (`23/7512`, `93/3167-1`), or the older family-name initial and name (`k/SriramKrishnamoorthy`).
# Nothing else, since the harvest puts the id in a dblp.org address.
DBLP_PID_FORMAT = re.compile(r"\d{1,3}/\d{1,6}(?:-\d{1,3})?|[a-z]/[A-Za-z][A-Za-z0-9]*")


# The author identifiers sources give, and the member profile field that holds each one.
AUTHOR_IDENTIFIERS = ("orcid", "dblp_pid", "openalex_id")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_OPENALEX_AUTHOR = re.compile(r"(A\d{4,12})$", re.IGNORECASE)


def normalise_author_id(kind: str, value) -> str:
    """An author identifier as member profiles store it: `https://orcid.org/0000-…` ->
    `0000-…`, `https://openalex.org/A5023888391` -> `A5023888391`; "" when unusable."""
    value = str(value or "").strip()
    if kind == "orcid":
        match = _ORCID.search(value)
        return match.group(1).upper() if match else ""
    if kind == "openalex_id":
        match = _OPENALEX_AUTHOR.search(value)
        return match.group(1).upper() if match else ""
    if kind == "dblp_pid":
        return value.removeprefix("https://dblp.org/pid/").removesuffix(".xml").strip("/")
    return ""

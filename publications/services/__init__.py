"""Writes on publications that touch several rows: the review of harvested publications and
of the changes harvests suggest (`review`, `suggestions`), what members say of the papers
linked to them (`claims`), and the languages detected for titles and abstracts (`languages`)."""

from .claims import confirm_authorship, disclaim_publication
from .languages import fill_languages
from .review import review_publications
from .suggestions import accept_suggestions, reject_suggestions

__all__ = [
    "accept_suggestions",
    "confirm_authorship",
    "disclaim_publication",
    "fill_languages",
    "reject_suggestions",
    "review_publications",
]

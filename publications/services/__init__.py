"""Writes on publications that touch several rows: the review of harvested publications and
of the changes harvests suggest (`review`, `suggestions`), and what members say of the papers
linked to them (`claims`)."""

from .claims import confirm_authorship, disclaim_publication
from .review import review_publications
from .suggestions import accept_suggestions, reject_suggestions

__all__ = [
    "accept_suggestions",
    "confirm_authorship",
    "disclaim_publication",
    "reject_suggestions",
    "review_publications",
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import LatestPublicationsFeed

app_name = "publications"

urlpatterns = [
    path(_("publications/"), views.publication_list, name="list"),
    # Before the publication pages, which would take "feed" for a slug.
    path(_("publications/feed/"), LatestPublicationsFeed(), name="feed"),
    path(_("publications/<slug:slug>/"), views.publication_detail, name="detail"),
    path(_("publications/<slug:slug>/cite.bib"), views.publication_bibtex, name="bibtex"),
]

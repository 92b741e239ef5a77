"""Root URLs: the public site under /fr/ and /en/ (paths translated), the admin at /admin/,
the open API at /api/v1/ (its documentation page under /fr/api/ and /en/api/), the sitemap index,
its sections and robots.txt at the root.

The pages are named by what they show: `members:…` for the directory, profiles, topics and
members' own pages, `publications:…` for the publication pages."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.i18n import set_language

from .api import api, docs
from .api import not_found as api_not_found
from .feeds import LatestPublicationsFeed, MemberPublicationsFeed, TopicPublicationsFeed
from .health import healthz
from .sitemaps import SITEMAPS
from .sitemaps import section as sitemap_section
from .views import accounts, experts, members, network, publications, topics

member_pages = [
    path("", members.home, name="home"),
    path(_("membres/"), members.directory, name="directory"),
    path(_("membres/<slug:slug>/"), members.profile, name="profile"),
    path(_("membres/<slug:slug>/publications.bib"), members.profile_bibtex, name="bibtex"),
    path(_("membres/<slug:slug>/publications.ris"), members.profile_ris, name="ris"),
    path(_("membres/<slug:slug>/publications.json"), members.profile_csl_json, name="csl_json"),
    path(_("membres/<slug:slug>/feed/"), MemberPublicationsFeed(), name="feed"),
    # Discovery: whom a member writes with, and who works on what a visitor describes.
    path(_("membres/<slug:slug>/reseau/"), network.coauthor_network, name="network"),
    path(_("experts/"), experts.expert_finder, name="experts"),
    path(_("sujets/"), topics.topic_list, name="topics"),
    path(_("sujets/<slug:slug>/"), topics.topic_detail, name="topic"),
    path(_("sujets/<slug:slug>/feed/"), TopicPublicationsFeed(), name="topic_feed"),
    # Members' own pages: sign in, sign out, edit their profile.
    path(_("connexion/"), accounts.SignInView.as_view(), name="login"),
    path(_("deconnexion/"), accounts.SignOutView.as_view(), name="logout"),
    path(_("mon-profil/"), accounts.own_profile, name="account"),
    path(_("mon-profil/publications/<int:pk>/"), accounts.claim_publication, name="claim"),
]

publication_pages = [
    path(_("publications/"), publications.publication_list, name="list"),
    # Before the publication pages, which would take "feed" for a slug.
    path(_("publications/feed/"), LatestPublicationsFeed(), name="feed"),
    path(_("publications/<slug:slug>/"), publications.publication_detail, name="detail"),
    path(_("publications/<slug:slug>/cite.bib"), publications.publication_bibtex, name="bibtex"),
    path(_("publications/<slug:slug>/cite.ris"), publications.publication_ris, name="ris"),
    path(
        _("publications/<slug:slug>/cite.json"), publications.publication_csl_json, name="csl_json"
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/docs", docs.docs_redirect, name="api_docs_redirect"),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    # The index of the sections' pages, then each section page by page (?p=2…).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]

urlpatterns += i18n_patterns(
    path("", include((member_pages, "members"))),
    path("", include((publication_pages, "publications"))),
    path("api/", docs.api_docs, name="api_docs"),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

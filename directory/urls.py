"""Root URLs: the public site under /fr/ and /en/ (paths translated), the admin at /admin/,
the sitemap and robots.txt at the root."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.i18n import set_language

from members.health import healthz
from members.sitemaps import ListSitemap, MemberSitemap, TopicSitemap
from publications.sitemaps import PublicationSitemap

SITEMAPS = {
    "lists": ListSitemap,
    "members": MemberSitemap,
    "topics": TopicSitemap,
    "publications": PublicationSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("members.urls")),
    path("", include("publications.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

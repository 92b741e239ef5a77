"""Published publications in the sitemap, in every language of the site."""

from members.sitemaps import TranslatedSitemap

from .models import Publication


class PublicationSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Publication.objects.public().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, publication):
        return publication.updated_at

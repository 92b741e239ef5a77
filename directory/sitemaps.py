"""The site's lists, published profiles, research topics and publications in the sitemap, in
every language of the site with hreflang alternates."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from members.models import Member, ResearchTopic
from publications.models import Publication


class TranslatedSitemap(Sitemap):
    """Each page once per language, listing its versions in every language; x-default is the
    French page (Django's default, the address without a language, does not exist here)."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            by_language = {alt["lang_code"]: alt for alt in url["alternates"]}
            if "x-default" in by_language and settings.LANGUAGE_CODE in by_language:
                default = by_language[settings.LANGUAGE_CODE]["location"]
                by_language["x-default"]["location"] = default
        return urls


class ListSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return ["members:directory", "members:topics", "publications:list"]

    def location(self, name):
        return reverse(name)


class MemberSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Member.objects.public().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, member):
        return member.updated_at


class TopicSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return ResearchTopic.objects.order_by("pk").only("pk", "slug")


class PublicationSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Publication.objects.public().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, publication):
        return publication.updated_at


SITEMAPS = {
    "lists": ListSitemap,
    "members": MemberSitemap,
    "topics": TopicSitemap,
    "publications": PublicationSitemap,
}

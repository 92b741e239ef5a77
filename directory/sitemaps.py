"""The site's lists, published profiles, research topics and publications in the sitemap, in
every language of the site with hreflang alternates: `/sitemap.xml` is the index of the
sections' pages, each page at most 50,000 addresses (sitemaps.org)."""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import translation

from members.models import Member, ResearchTopic
from publications.models import Publication

# What a slug is replaced with to read a page's address once per language, not once per item.
SLUG_MARK = "sitemap0slug0mark"


class TranslatedSitemap(Sitemap):
    """Each page once per language, listing its versions in every language; x-default is the
    French page (Django's default, the address without a language, does not exist here)."""

    i18n = True
    alternates = True
    x_default = True
    # <url> entries per sitemap page: one per item and language.
    limit = 50_000

    @property
    def items_per_page(self) -> int:
        return self.limit // len(self._languages())

    @property
    def paginator(self):
        return Paginator(self.items(), self.items_per_page)

    def get_latest_lastmod(self):
        # The index names the pages only: a latest date would read every row of the section.
        return None

    def location_in(self, item, language) -> str:
        with translation.override(language):
            return self.location(item)

    def item_lastmod(self, item):
        return None

    def _urls(self, page, protocol, domain):
        """Django's, without its per-item cost: each address built once, shared alternates."""
        languages = self._languages()
        root = f"{protocol}://{domain}"
        urls, latest = [], None
        for item in self.paginator.page(page).object_list:
            locations = {
                language: root + self.location_in(item, language) for language in languages
            }
            alternates = [{"location": loc, "lang_code": code} for code, loc in locations.items()]
            alternates.append(
                {"location": locations[settings.LANGUAGE_CODE], "lang_code": "x-default"}
            )
            lastmod = self.item_lastmod(item)
            if lastmod is not None and (latest is None or lastmod > latest):
                latest = lastmod
            for language in languages:
                urls.append(
                    {
                        "item": item,
                        "location": locations[language],
                        "lastmod": lastmod,
                        "changefreq": self.changefreq,
                        "priority": "",
                        "alternates": alternates,
                    }
                )
        if latest is not None:
            self.latest_lastmod = latest
        return urls


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Page n holds the rows whose id is in the n-th range of `per_page` ids: at most
    `per_page` rows, read by an index range (an OFFSET into a million rows would read them
    all first)."""

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def bounds(self) -> tuple[int, int]:
        ids = self.queryset.order_by().aggregate(first=Min("pk"), last=Max("pk"))
        if ids["first"] is None:
            return 0, 0
        return ids["first"], ids["last"]

    @property
    def num_pages(self) -> int:
        first, last = self.bounds
        return max(1, -(-(last - first + 1) // self.per_page)) if last else 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(number) from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage(number)
        start = self.bounds[0] + (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return IdRangePage(rows)


class SlugSitemap(TranslatedSitemap):
    """Pages at `url_name` with a `slug`: rows read as tuples, addresses spliced from one
    reversed address per language."""

    url_name = ""
    lastmod_field = None
    changefreq = "monthly"

    def rows(self):
        raise NotImplementedError

    def items(self):
        fields = ["pk", "slug", *([self.lastmod_field] if self.lastmod_field else [])]
        return self.rows().values_list(*fields, named=True)

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.items_per_page)

    @cached_property
    def address_parts(self) -> dict[str, tuple[str, str]]:
        parts = {}
        for language in self._languages():
            with translation.override(language):
                address = reverse(self.url_name, kwargs={"slug": SLUG_MARK})
            prefix, suffix = address.split(SLUG_MARK)
            parts[language] = (prefix, suffix)
        return parts

    def location_in(self, item, language) -> str:
        prefix, suffix = self.address_parts[language]
        return f"{prefix}{item.slug}{suffix}"

    def location(self, item):
        return self.location_in(item, translation.get_language())

    def item_lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    def lastmod(self, item):
        return self.item_lastmod(item)


class ListSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return ["members:directory", "members:topics", "publications:list"]

    def location(self, name):
        return reverse(name)


class MemberSitemap(SlugSitemap):
    url_name = "members:profile"
    lastmod_field = "updated_at"

    def rows(self):
        return Member.objects.public()


class TopicSitemap(SlugSitemap):
    url_name = "members:topic"

    def rows(self):
        return ResearchTopic.objects.all()


class PublicationSitemap(SlugSitemap):
    url_name = "publications:detail"
    lastmod_field = "updated_at"

    def rows(self):
        return Publication.objects.public()


SITEMAPS = {
    "lists": ListSitemap,
    "members": MemberSitemap,
    "topics": TopicSitemap,
    "publications": PublicationSitemap,
}

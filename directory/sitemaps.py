"""The site's lists, published profiles, research topics and publications in the sitemap, in
every language of the site with hreflang alternates: `/sitemap.xml` is the index of the
sections' pages (Django's view), each page at most 50,000 addresses (sitemaps.org), written
by `section` below."""

import datetime
from functools import cached_property
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import DateField, Max, Min, Value
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from members.models import Member, ResearchTopic
from publications.models import Publication

from .caching import reads_parameters

# What a slug is replaced with to read a page's address once per language, not once per item.
SLUG_MARK = "sitemap0slug0mark"


class TranslatedSitemap(Sitemap):
    """Each page once per language, listing its versions in every language; x-default is the
    French page (Django's default, the address without a language, does not exist here)."""

    i18n = True
    alternates = True
    x_default = True
    # <url> entries per sitemap page, one per item and language: 20,000 (the protocol allows
    # 50,000) keeps each page under half a second on 2 cores.
    limit = 20_000

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
        default = settings.LANGUAGE_CODE
        changefreq = self.changefreq
        root = f"{protocol}://{domain}"
        urls, latest = [], None
        for item in self.paginator.page(page).object_list:
            locations = [(code, root + self.location_in(item, code)) for code in languages]
            alternates = [{"location": loc, "lang_code": code} for code, loc in locations]
            alternates.append({"location": dict(locations)[default], "lang_code": "x-default"})
            lastmod = self.item_lastmod(item)
            if lastmod is not None and (latest is None or lastmod > latest):
                latest = lastmod
            for _code, location in locations:
                urls.append(
                    {
                        "item": item,
                        "location": location,
                        "lastmod": lastmod,
                        "changefreq": changefreq,
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

    def __init__(self, queryset, per_page, columns):
        self.queryset = queryset
        self.per_page = per_page
        self.columns = columns

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
        # Plain tuples from the cursor: 25,000 rows through the translating QuerySet's
        # iterator cost more than writing their addresses.
        compiler = rows.query.get_compiler(using=rows.db)
        sql, params = compiler.as_sql()
        # Django chooses the order of the SELECT's columns: read them by name.
        names = [alias for _expression, _sql, alias in compiler.select]
        columns = [names.index(name) for name in self.columns]
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            return IdRangePage([tuple(row[i] for i in columns) for row in cursor.fetchall()])


class SlugSitemap(TranslatedSitemap):
    """Pages at `url_name` with a `slug`, read as (slug, day of the last change) tuples,
    addresses spliced from one reversed address per language."""

    url_name = ""
    lastmod_field = None
    changefreq = "monthly"
    columns = ("slug", "sitemap_day")

    def rows(self):
        raise NotImplementedError

    def items(self):
        # The day in the site's time zone, computed by the database: parsing 25,000 full
        # timestamps took longer than the query.
        day = (
            TruncDate(self.lastmod_field)
            if self.lastmod_field
            else Value(None, output_field=DateField())
        )
        return self.rows().annotate(sitemap_day=day).values_list(*self.columns)

    @cached_property
    def paginator(self):
        return IdRangePaginator(self.items(), self.items_per_page, self.columns)

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
        return f"{prefix}{item[0]}{suffix}"

    def location(self, item):
        return self.location_in(item, translation.get_language())

    def item_lastmod(self, item):
        return item[1]


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


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def urlset(urls) -> str:
    """The <urlset> of Django's `Sitemap.get_urls()`, as its sitemap.xml template writes it,
    in a fraction of the time (50,000 entries took the template 20 s on 2 cores)."""
    parts = [URLSET_START]
    # The languages of one page share their alternates and date: written once for all.
    written_alternates, written_dates = {}, {}
    for url in urls:
        alternates = url["alternates"]
        links = written_alternates.get(id(alternates))
        if links is None:
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{alternate["lang_code"]}" '
                f'href="{escape(alternate["location"])}"/>'
                for alternate in alternates
            )
            written_alternates = {id(alternates): links}
        lastmod = url["lastmod"]
        date = written_dates.get(lastmod, "") if lastmod is not None else ""
        if lastmod is not None and not date:
            if isinstance(lastmod, datetime.datetime) and timezone.is_aware(lastmod):
                lastmod = timezone.localtime(lastmod)
            day = lastmod.date() if isinstance(lastmod, datetime.datetime) else lastmod
            # SQLite's cursor gives the day as text already.
            day = day if isinstance(day, str) else day.isoformat()
            date = written_dates[url["lastmod"]] = f"<lastmod>{day}</lastmod>"
        changefreq = f"<changefreq>{url['changefreq']}</changefreq>" if url["changefreq"] else ""
        parts.append(f"<url><loc>{escape(url['location'])}</loc>{date}{changefreq}{links}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


@x_robots_tag
@reads_parameters("p")
def section(request, section):
    """One page (`?p=`) of one section of the sitemap, as the index names it."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section {section!r}")
    sitemap = SITEMAPS[section]()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1), site=RequestSite(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page") from error
    response = HttpResponse(urlset(urls), content_type="application/xml")
    latest = getattr(sitemap, "latest_lastmod", None)
    if isinstance(latest, datetime.datetime):
        response["Last-Modified"] = http_date(latest.timestamp())
    return response

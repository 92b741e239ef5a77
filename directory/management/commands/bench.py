"""Measure the public pages through the whole Django stack: server time and query count.

Each page is requested many times with Django's test client (middleware, URL resolution,
views, templates; no network), uncached and, when a page cache is configured, cached.
"""

import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Member, MembershipType, ResearchTopic
from publications.models import Publication


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Benchmark the public pages: median and p95 server time (ms) and queries per page."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="requests per page")
        parser.add_argument("--json", dest="json_path", help="also write the figures here")
        parser.add_argument("--only", help="only pages whose name contains this text")

    def handle(self, *args, requests, json_path, only, **options):
        if requests < 2:
            raise CommandError("--requests must be at least 2.")
        if not Member.objects.public().exists():
            raise CommandError("No published member: run load_demo or generate_directory first.")
        with translation.override("fr"):
            pages = self.pages()
        if only:
            pages = [(name, url) for name, url in pages if only in name]
        client = Client(HTTP_ACCEPT_LANGUAGE="fr")
        results = []
        for name, url in pages:
            for cached in (False, True):
                results.append(self.measure(client, name, url, cached=cached, requests=requests))
        self.print_table(results)
        if json_path:
            Path(json_path).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Figures written to {json_path}")

    def pages(self):
        directory = reverse("members:directory")
        topics = list(ResearchTopic.objects.annotate(n=Count("members")).order_by("-n")[:2])
        kind = MembershipType.objects.first()
        family = Member.objects.public().values_list("family_name", flat=True).first()
        prolific = Member.objects.public().annotate(n=Count("authorships")).order_by("-n").first()
        word = Publication.objects.public().values_list("title", flat=True).first() or "x"
        word = max(word.split(), key=len)
        pasted = (
            Publication.objects.public()
            .exclude(abstract="")
            .values_list("abstract", flat=True)
            .first()
            or word
        )
        pages = [
            ("directory", directory),
            (
                "directory, two topics",
                f"{directory}?topic={topics[0].slug}&topic={topics[-1].slug}",
            ),
            ("directory, membership type", f"{directory}?type={kind.slug}"),
            ("directory, name search", f"{directory}?q={family}"),
            ("directory, deep page", f"{directory}?page=1000"),
            ("profile, most publications", prolific.get_absolute_url()),
            ("topic page", topics[0].get_absolute_url()),
            ("publication list", reverse("publications:list")),
            ("publication search", f"{reverse('publications:list')}?q={word}"),
            (
                "expert finder, an abstract",
                f"{reverse('members:experts')}?{urlencode({'q': pasted})}",
            ),
        ]
        return pages

    def measure(self, client, name, url, *, cached, requests):
        cache.clear()
        timings, queries, status = [], 0, None
        if cached:
            client.get(url)  # fills the cache
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code
            queries = len(captured)
            if not cached:
                cache.clear()
        if status != 200:
            self.stderr.write(f"{name}: HTTP {status} for {url}")
        return {
            "page": name,
            "cached": cached,
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 0.95), 2),
            "queries": queries,
        }

    def print_table(self, results):
        self.stdout.write(
            f"{'page':32} {'cached':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
        )
        for row in results:
            self.stdout.write(
                f"{row['page']:32} {'yes' if row['cached'] else 'no':>6} "
                f"{row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} {row['queries']:>8}"
            )

"""Measure every page through the whole Django stack: server time, queries and size.

Each page is requested many times with Django's test client (middleware, URL resolution,
views, templates; no network), uncached and, for anonymous pages when a page cache is
configured, cached. Admin pages are requested signed in as a superuser this command keeps
for the purpose (it has no usable password).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import translation

from directory.bench.measure import machine_reference, measure, table
from directory.bench.pages import public_pages, staff_pages
from directory.warm import settle
from members.models import Member

BENCH_USERNAME = "bench-superuser"


class Command(BaseCommand):
    help = "Benchmark every page: median and p95 server time (ms), queries and bytes per page."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="requests per page")
        parser.add_argument("--json", dest="json_path", help="also write the figures here")
        parser.add_argument("--only", help="only pages whose name contains this text")
        parser.add_argument("--public", action="store_true", help="public pages only")
        parser.add_argument("--staff", action="store_true", help="admin pages only")

    def handle(self, *args, requests, json_path, only, public, staff, **options):
        if requests < 2:
            raise CommandError("--requests must be at least 2.")
        if not Member.objects.public().exists():
            raise CommandError("No published member: run load_demo or generate_directory first.")
        with translation.override("fr"):
            pages = [] if staff and not public else public_pages()
            if not public or staff:
                pages += staff_pages()
        if only:
            pages = [page for page in pages if only in page.name]
        visitor = Client(HTTP_ACCEPT_LANGUAGE="fr")
        superuser = Client(HTTP_ACCEPT_LANGUAGE="fr")
        if any(page.staff for page in pages):
            superuser.force_login(self.superuser())
        # Every page once, then settled: the process as it is once it has served each kind
        # of page (directory.warm), so that its start-up is not timed as a page.
        for page in pages:
            (superuser if page.staff else visitor).get(page.url)
        settle()
        results = []
        for page in pages:
            client = superuser if page.staff else visitor
            for cached in (False,) if page.staff else (False, True):
                results.append(
                    measure(client, page, cached=cached, requests=requests, stderr=self.stderr)
                )
        for line in table(results):
            self.stdout.write(line)
        machine = machine_reference()
        self.stdout.write(
            f"This machine: a fixed piece of Python in {machine['python_ms']:.1f} ms, a "
            f"database round trip in {machine['database_ms']:.2f} ms (medians; compare them "
            "before comparing figures from two machines)."
        )
        if json_path:
            Path(json_path).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Figures written to {json_path}")

    @staticmethod
    def superuser():
        user, created = get_user_model().objects.get_or_create(
            username=BENCH_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": ""},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

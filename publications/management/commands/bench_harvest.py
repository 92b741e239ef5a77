"""Time a one-member harvest against this database, the sources answered by a local server with
recorded answers, and say how much of it is spent outside the network. The database is left as
it was: each run is rolled back."""

import json
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from members.models import Member, MembershipType
from publications.importing.harvest import Harvest
from publications.importing.http import HarvestClient
from publications.models import Publication

# The recorded answers of the test suite (tests/samples/README.md says where each comes from).
SAMPLES = Path(settings.BASE_DIR) / "tests" / "samples"
IDS = {"dblp_pid": "318/0989", "openalex_id": "A5023888391", "orcid": "0000-0001-8607-8025"}
EMPTY_FEED = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'


class RecordedSources:
    """DBLP, OpenAlex (two pages), ORCID (list and bulk details), Crossref and arXiv, as a
    local server answering with recorded responses."""

    def __init__(self, samples: Path):
        read = lambda name: (samples / name).read_bytes()  # noqa: E731
        first = json.loads(read("works-list-sample-5.json"))
        first["meta"]["next_cursor"] = "2"
        listing = json.loads(read("works-0000-0001-8607-8025.json"))
        summaries = {s["put-code"]: s for g in listing["group"] for s in g["work-summary"]}
        last = {"meta": {"next_cursor": None}, "results": [
            json.loads(read("work-W3174427814-vector-quotient-filters.json"))]}  # fmt: skip
        answers = {
            "/dblp/pid/318/0989.xml": read("person-318-0989-nikita-balagansky.xml"),
            "/openalex/works*": json.dumps(first).encode(),
            "/openalex/works2": json.dumps(last).encode(),
            "/orcid/v3.0/0000-0001-8607-8025/works": json.dumps(listing).encode(),
            "/crossref/works/10.1145/3448016.3452841": read("work-10.1145_3448016.3452841.json"),
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = answers.get(parts.path + query.get("cursor", ""))
                if parts.path.startswith("/orcid/v3.0/0000-0001-8607-8025/works/"):
                    codes = parts.path.rsplit("/", 1)[1].split(",")
                    bulk = [{"work": summaries.get(int(code))} for code in codes]
                    body = json.dumps({"bulk": bulk}).encode()
                elif parts.path == "/arxiv/api/query":
                    body = EMPTY_FEED
                self.send_response(200 if body else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        for api in ("dblp", "openalex", "orcid", "crossref", "arxiv"):
            setattr(settings, f"HARVEST_{api.upper()}_URL", f"http://{host}:{port}/{api}")
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Command(BaseCommand):
    help = (
        "Time a one-member harvest (DBLP, OpenAlex, ORCID, Crossref, arXiv answered by a local "
        "server with the recorded answers of tests/samples) against this database: the "
        "member's first harvest and a repeat, each rolled back. Prints the medians of the "
        "whole harvest and of the time spent outside the network."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="harvests to time (default 5)")

    def handle(self, *args, runs, **options):
        if not SAMPLES.is_dir():
            raise CommandError(f"{SAMPLES}: the recorded answers are missing.")
        # The local server answers at once: rate limits would only add sleeps to the figures.
        settings.HARVEST_RATES = {}
        publications = Publication.objects.count()
        members = Member.objects.count()
        self.stdout.write(
            f"{connection.vendor}: {publications:,} publications, {members:,} members; {runs} runs."
        )
        figures = {"first": [], "repeat": []}
        with RecordedSources(SAMPLES):
            for _run in range(runs):
                with transaction.atomic():
                    member = self._member()
                    for kind in ("first", "repeat"):
                        figures[kind].append(self._time(member))
                    transaction.set_rollback(True)
        for kind, label in (("first", "first harvest"), ("repeat", "repeat harvest")):
            total, network, queries, created = (
                statistics.median(values) for values in zip(*figures[kind], strict=True)
            )
            self.stdout.write(
                f"{label}: {total:.2f} s in all, {network:.2f} s asking the sources, "
                f"{total - network:.2f} s outside the network; {queries:.0f} queries, "
                f"{created:.0f} publications created (medians)"
            )

    def _member(self) -> Member:
        membership_type = MembershipType.objects.first() or MembershipType.objects.create(
            name="Bench", slug="bench"
        )
        # A confirmed identifier is one member's: taken from whoever has it, for the
        # rolled-back run; the bench's member has them confirmed, as staff would.
        for kind in IDS:
            Member.objects.filter(**{kind: IDS[kind]}).update(**{kind: ""})
        return Member.objects.create(
            given_name="Nikita",
            family_name="Balagansky",
            membership_type=membership_type,
            **IDS,
            **{f"{kind}_confirmed": True for kind in IDS},
        )

    def _time(self, member) -> tuple[float, float, int, int]:
        client = HarvestClient()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            report = Harvest(member, client=client).run()
        total = time.perf_counter() - started
        if report.failures:
            raise CommandError(f"the harvest failed: {report.failure_messages()}")
        return total, client.seconds, len(queries.captured_queries), len(report.imported.created)

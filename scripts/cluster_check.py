"""Two app servers and a job worker behind one database, one cache and one media store: what
one saves, the other serves.

Starts two gunicorn servers (as `make serve` does) on two ports and one job worker (as `make
worker` does), sharing one PostgreSQL database (created afresh, migrated, with the demo), one
Redis (cache and job queue) and one media directory, then checks, printing PASS or FAIL for
each:

1. an edit saved through server A is on server B's next response (B had the page cached);
2. a session started on A is valid on B;
3. a portrait uploaded through A is served by B;
4. an import queued through A is run by the worker, and its publication is on B's next
   response (B had the search page cached);
5. killing server A loses no request that B could serve.

    .venv/bin/python scripts/cluster_check.py      # or: make cluster-check

CLUSTER_DATABASE_URL (postgres://postgres@127.0.0.1:5432/directory_cluster, dropped and
created), CLUSTER_CACHE_URL (redis://127.0.0.1:6379/6), CLUSTER_BROKER_URL (the cache's Redis
unless set; the jobs go to a queue of this run's own) and CLUSTER_PORTS (8601,8602) choose the
shared services. Media are served by Django here (DEBUG on); in production the proxy or the
object store serves them (README, "Deploying"). Exits non-zero if any check fails.
"""

import io
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/directory_cluster"
)
CACHE_URL = os.environ.get("CLUSTER_CACHE_URL", "redis://127.0.0.1:6379/6")
BROKER_URL = os.environ.get("CLUSTER_BROKER_URL", CACHE_URL)
PORTS = [int(port) for port in os.environ.get("CLUSTER_PORTS", "8601,8602").split(",")]
PASSWORD = secrets.token_urlsafe(16)
RESULTS: list[bool] = []


def report(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f" ({detail})" if detail else ""), flush=True)


def fresh_database() -> None:
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def start_server(env, port: int, log) -> subprocess.Popen:
    # Its own process group, so that killing it kills its workers too, as a crash would.
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def start_worker(env, log) -> subprocess.Popen:
    """The job worker and the schedule, as `make worker` runs them."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "directory", "worker", "--loglevel", "INFO",
         "--beat", "--concurrency", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )  # fmt: skip


def wait_for(condition, timeout: float = 60, every: float = 0.5):
    """`condition()`'s first true value within `timeout` seconds, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    return None


def wait_healthy(base: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return True
        except requests.RequestException:  # not listening yet, or still starting
            pass
        time.sleep(0.3)
    return False


class FormReader(HTMLParser):
    """The values a browser would submit from the page's form `form_id`."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in {"file", "submit", "button"}:
            if attrs.get("type") not in {"checkbox", "radio"}:
                self.fields.append((attrs["name"], attrs.get("value", "")))
            elif "checked" in attrs:  # what a browser sends for a ticked box without a value
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside = False


def portrait_png() -> bytes:
    image = Image.new("RGB", (400, 400), (40, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(base: str) -> requests.Session:
    staff = requests.Session()
    login = staff.get(f"{base}/admin/login/", timeout=10)
    staff.post(
        f"{base}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": csrf_token(login.text), "username": "cluster",
              "password": PASSWORD},
        headers={"Referer": f"{base}/admin/login/"},
        timeout=10,
    )  # fmt: skip
    return staff


def check_edit_session_and_portrait(a: str, b: str, staff: requests.Session) -> None:
    member = requests.get(f"{b}/fr/membres/", timeout=10)
    slug = re.search(r'href="/fr/membres/([a-z0-9-]+)/"', member.text).group(1)
    profile = f"/fr/membres/{slug}/"
    before = requests.get(b + profile, timeout=10)  # B caches the page
    cached = requests.get(
        b + profile, timeout=10, headers={"If-None-Match": before.headers["ETag"]}
    )

    on_b = staff.get(f"{b}/admin/", timeout=10, allow_redirects=False)
    report(
        "a session started on A is valid on B",
        on_b.status_code == 200 and "sessionid" in staff.cookies,
        f"B answered {on_b.status_code} to the signed-in admin index",
    )

    with psycopg.connect(DATABASE_URL) as connection:
        row = connection.execute("SELECT id FROM members_member WHERE slug = %s", [slug])
        pk = row.fetchone()[0]
    change = f"{a}/admin/members/member/{pk}/change/"
    reader = FormReader("member_form")
    reader.feed(staff.get(change, timeout=10).text)
    new_name = f"Grappe{secrets.randbelow(10**6)}"
    fields = [(k, v) for k, v in reader.fields if k not in {"family_name", "family_name_fr"}]
    fields += [("family_name", new_name), ("_save", "Save")]
    saved = staff.post(
        change,
        data=fields,
        files={"portrait": ("portrait.png", portrait_png(), "image/png")},
        headers={"Referer": change},
        timeout=30,
        allow_redirects=False,
    )
    after = requests.get(b + profile, timeout=10)
    report(
        "an edit saved through A is on B's next response",
        cached.status_code == 304 and saved.status_code == 302 and new_name in after.text,
        f"B: 304 before, save on A: {saved.status_code}, B shows the new name: "
        f"{new_name in after.text}",
    )

    images = re.findall(r'<img[^>]+src="(/media/[^"]+)"', after.text)
    served = requests.get(b + images[0], timeout=10) if images else None
    report(
        "a portrait uploaded through A is served by B",
        served is not None and served.status_code == 200 and served.content[:4] in
        (b"\x89PNG", b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb", b"\xff\xd8\xff\xe1"),
        f"{images[0] if images else 'no portrait on the page'}: "
        f"{served.status_code if served is not None else '-'}",
    )  # fmt: skip


def check_job(a: str, b: str, staff: requests.Session) -> None:
    """A BibTeX file uploaded through A is previewed and, confirmed through B, imported by the
    worker (the servers have a broker: they queue jobs and never run one themselves); B's
    search page, cached before, shows the new publication next."""
    word = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))
    title = f"Grappe {word}: a fictional paper"
    bibtex = f"@article{{grappe,\n  title = {{{title}}},\n  author = {{Fictive, Ada}},\n}}\n"
    search = f"{b}/fr/publications/?q={word}"
    before = requests.get(search, timeout=10)  # B caches the page
    upload = f"{a}/admin/publications/publication/import/"
    queued = staff.post(
        upload,
        data={"csrfmiddlewaretoken": csrf_token(staff.get(upload, timeout=10).text),
              "format": "bibtex", "approve": "on"},
        files={"file": ("grappe.bib", bibtex.encode(), "application/x-bibtex")},
        headers={"Referer": upload},
        timeout=30,
        allow_redirects=False,
    )  # fmt: skip
    job = b + queued.headers.get("Location", "/missing/")

    def page_when(state):
        page = staff.get(job, timeout=10)
        return page.text if f"import-job--{state}" in page.text else None

    started = time.monotonic()
    previewed = wait_for(lambda: page_when("previewed"))
    if previewed:
        staff.post(
            f"{job}confirm/",
            data={"csrfmiddlewaretoken": csrf_token(previewed)},
            headers={"Referer": job},
            timeout=10,
        )
    done = previewed and wait_for(lambda: page_when("done"))
    after = requests.get(search, timeout=10)
    report(
        "an import queued through A is run by the worker and shown by B",
        queued.status_code == 302
        and title not in before.text
        and bool(done)
        and title in after.text,
        f"upload on A: {queued.status_code}, previewed and imported by the worker in "
        f"{time.monotonic() - started:.1f} s, B shows it: {title in after.text}",
    )


def check_failover(a: str, b: str, server_a: subprocess.Popen) -> None:
    """Requests alternate between A and B like a load balancer's; A is killed halfway; a
    request A cannot answer is retried on B, as the balancer does. Every one must be served."""
    pages = ["/fr/membres/", "/fr/sujets/", "/fr/publications/", "/en/members/"]
    lost, served_by_b, failed_on_a = [], 0, 0
    for n in range(200):
        if n == 100:
            os.killpg(server_a.pid, signal.SIGKILL)
            server_a.wait()
        path = pages[n % len(pages)]
        for base in (a, b) if n % 2 == 0 else (b,):
            try:
                response = requests.get(base + path, timeout=5)
            except requests.ConnectionError:
                failed_on_a += base == a
                continue
            if response.status_code == 200:
                served_by_b += base == b
                break
        else:
            lost.append(path)
    report(
        "killing A loses no request that B could serve",
        not lost and failed_on_a >= 50,
        f"200 requests, A killed after 100, {failed_on_a} refused by A and retried on B, "
        f"{served_by_b} served by B, {len(lost)} lost",
    )


def main() -> int:
    started = time.monotonic()
    media = tempfile.mkdtemp(prefix="directory-cluster-media-")
    env = {
        **{
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PAGE_", "CELERY_"))
        },
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        # Only this check's keys: the same Redis database may hold others.
        "CACHE_KEY_PREFIX": f"cluster-check-{secrets.token_hex(4)}",
        "MEDIA_ROOT": media,
        # Jobs go to the worker through Redis, on a queue no other worker reads.
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_QUEUE": f"cluster-check-{secrets.token_hex(4)}",
        "DJANGO_DEBUG": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    fresh_database()
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    manage(env, "createsuperuser", "--no-input", "--username", "cluster", "--email", "c@x.org")
    a, b = (f"http://127.0.0.1:{port}" for port in PORTS)
    log = open(Path(media) / "servers.log", "w")  # noqa: SIM115 (open while they run)
    servers = [start_server(env, port, log) for port in PORTS]
    worker = start_worker(env, log)
    try:
        if not all(wait_healthy(base) for base in (a, b)):
            report("both servers start", False, f"see {log.name}")
            return 1
        print(
            f"Two servers up on {a} and {b} and a worker ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        staff = sign_in(a)
        check_edit_session_and_portrait(a, b, staff)
        check_job(a, b, staff)
        check_failover(a, b, servers[0])
    finally:
        for process in [*servers, worker]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        log.close()
    ok = all(RESULTS)
    print(f"{'PASS' if ok else 'FAIL'}: {sum(RESULTS)} of {len(RESULTS)} checks in "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""End to end: a real Celery worker process on a real broker (Redis, and RabbitMQ when it is
there) runs the harvests the admin queues, against a local server with recorded answers; a
worker killed mid-harvest leaves its job failed and no half-written entry, and the retry
completes it.

The worker connects to the test database, so these tests need PostgreSQL (the SQLite test
database lives in the test process's memory); `make test` with DATABASE_URL runs them.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from kombu import Connection, Exchange, Queue

from core.jobs import JobStatus
from directory.celery import app
from publications import jobs
from publications.importing.harvest import harvest_member
from publications.models import Authorship, Publication, Release, ReviewStatus
from publications.runs import HarvestJob
from tests.factories import MemberFactory, UserFactory
from tests.recorded import MEMBER_IDS, record_member_sources

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process must reach the test database: PostgreSQL only "
        "(run make test with DATABASE_URL=postgres://…)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
BROKERS = {
    "redis": os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5"),
    "rabbitmq": os.environ.get("JOBS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
WAIT_SECONDS = 90


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    default = 6379 if parts.scheme.startswith("redis") else 5672
    try:
        socket.create_connection((parts.hostname, parts.port or default), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=list(BROKERS))
def broker(request):
    url = BROKERS[request.param]
    if not reachable(url):
        if request.param == "redis" and os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}: CI must run it.")
        pytest.skip(f"{request.param} is not reachable at {url}")
    return url


@pytest.fixture
def redis_broker():
    url = BROKERS["redis"]
    if not reachable(url):
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}: CI must run it.")
        pytest.skip(f"Redis is not reachable at {url}")
    return url


class Worker:
    """`celery worker` in its own process group, with the test's database and sources."""

    def __init__(self, env: dict, log: Path, *, include: str = ""):
        self.env, self.log, self.include = env, log, include
        self.process = None

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "directory", "worker",
            "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
            "--without-heartbeat", f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        if self.include:
            command.append(f"--include={self.include}")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a lost machine would: no cleanup at all."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_setup(settings, recorded_sources, tmp_path):
    """What a worker process needs: the test database, the broker, the recorded sources."""
    record_member_sources(recorded_sources)
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    base = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_QUEUE": f"directory-test-{uuid.uuid4().hex[:12]}",
        "HARVEST_RATES": "dblp=1000,openalex=1000,orcid=1000,crossref=1000,arxiv=1000",
        "DJANGO_SETTINGS_MODULE": "directory.settings",
        **recorded_sources.base_urls(),
    }
    workers = []

    def start(broker: str, **extra) -> Worker:
        env = {**base, "CELERY_BROKER_URL": broker}
        env.update({k: str(v) for k, v in extra.items() if k != "include"})
        worker = Worker(env, tmp_path / "worker.log", include=extra.get("include", "")).start()
        workers.append(worker)
        return worker

    yield base, start
    for worker in workers:
        worker.stop()
    for broker in {worker.env["CELERY_BROKER_URL"] for worker in workers}:
        forget_queue(broker, base["CELERY_QUEUE"])
    log = tmp_path / "worker.log"
    if log.exists():
        print(log.read_text()[-5000:])


@pytest.fixture
def sending_to(worker_setup):
    """This process sends its jobs to the broker, as the web servers do in production."""
    base, _start = worker_setup
    saved = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
    }

    def use(broker: str):
        app.close()
        app.conf.update(
            task_always_eager=False, broker_url=broker, task_default_queue=base["CELERY_QUEUE"]
        )
        app.__dict__.pop("amqp", None)  # the queues were read from the settings once
        app._pool = None

    yield use
    app.close()
    app.conf.update(saved)
    app.__dict__.pop("amqp", None)
    app._pool = None


def forget_queue(broker: str, name: str):
    """Leave the broker as it was: the test's queue, and on Redis (a database of the tests'
    own) the message a killed worker left unacknowledged."""
    with Connection(broker) as conn:
        channel = conn.channel()
        Queue(name, Exchange(name), name)(channel).delete()
        Exchange(name)(channel).delete()
        if broker.startswith("redis"):
            client = channel.client
            client.delete("unacked", "unacked_index", "unacked_mutex", *client.keys(f"*{name}"))


def expected_harvest(member) -> int:
    """How many publications the recorded answers make, from a harvest here, rolled back."""
    with transaction.atomic():
        harvest_member(member=member)
        count = Publication.objects.count()
        transaction.set_rollback(True)
    return count


def wait_for(condition, *, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


def admin_harvest(client, member):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:members_member_changelist"),
        {"action": "harvest_publications", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    return HarvestJob.objects.get(member=member)


def test_a_worker_runs_the_harvest_the_admin_queues(client, worker_setup, sending_to, broker):
    _base, start = worker_setup
    member = MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)
    expected = expected_harvest(member)
    sending_to(broker)

    started = time.monotonic()
    job = admin_harvest(client, member)
    # The request only queued the job.
    assert time.monotonic() - started < 5
    assert job.status == JobStatus.QUEUED and not Publication.objects.exists()

    start(broker)
    job = wait_for(
        lambda: HarvestJob.objects.filter(pk=job.pk, status=JobStatus.DONE).first(),
        what="the worker to finish the harvest",
    )

    assert Publication.objects.count() == expected == job.created > 80
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert not Publication.objects.public().exists()
    # Both OpenAlex pages came in.
    assert Publication.objects.exclude(openalex_id="").count() == 6
    assert {item["source"] for item in job.sources_read} >= {"DBLP", "OpenAlex", "ORCID"}
    assert job.attempts == 1 and job.heartbeat_at >= job.started_at


def test_a_killed_worker_leaves_its_job_failed_and_no_half_entry(
    client, settings, worker_setup, sending_to, redis_broker
):
    _base, start = worker_setup
    member = MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)
    expected = expected_harvest(member)
    sending_to(redis_broker)
    job = admin_harvest(client, member)
    slow = start(redis_broker, include="tests.publications.worker_slowdown")

    # Killed once some batches are written, while it writes the next ones.
    wait_for(lambda: Publication.objects.count() >= 10, what="the first batches")
    slow.kill()

    job.refresh_from_db()
    stored = Publication.objects.count()
    assert job.status == JobStatus.RUNNING and 10 <= stored < expected
    # Every stored paper is whole: its authors and its release were written with it.
    assert not Publication.objects.filter(authorships__isnull=True).exists()
    assert not Publication.objects.filter(releases__isnull=True).exists()
    assert Release.objects.count() >= stored and Authorship.objects.count() >= stored

    settings.JOBS_STALE_AFTER_SECONDS = 1
    time.sleep(1.5)
    assert jobs.reap_lost_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith("Travailleur perdu")

    # Retried from the admin, run by a new worker: the harvest completes, nothing doubled.
    response = client.post(
        reverse("admin:publications_harvestjob_changelist"),
        {"action": "retry", "_selected_action": [job.pk]},
    )
    assert response.status_code == 302
    start(redis_broker)
    job = wait_for(
        lambda: HarvestJob.objects.filter(pk=job.pk, status=JobStatus.DONE).first(),
        what="the retried harvest",
    )
    assert job.attempts == 2
    assert Publication.objects.count() == expected
    assert job.unchanged + job.merged >= stored
    assert not Publication.objects.filter(authorships__isnull=True).exists()


def test_the_command_queues_every_member_and_returns_at_once(
    worker_setup, sending_to, redis_broker
):
    _base, start = worker_setup
    harvested = MemberFactory(given_name="Nikita", family_name="Balagansky", **MEMBER_IDS)
    # Typed by another member on their own page: the harvested member's, confirmed by staff.
    borrower = MemberFactory(dblp_pid=MEMBER_IDS["dblp_pid"], dblp_pid_confirmed=False)
    MemberFactory()  # no identifier: not harvested
    expected = expected_harvest(harvested)
    sending_to(redis_broker)

    started = time.monotonic()
    call_command("harvest", "--all", stdout=StringIO())
    assert time.monotonic() - started < 5
    assert HarvestJob.objects.filter(status=JobStatus.QUEUED).count() == 2

    start(redis_broker)
    wait_for(
        lambda: (
            HarvestJob.objects.exclude(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).count()
            == 2
        ),
        what="the worker to finish both harvests",
    )
    assert HarvestJob.objects.get(member=harvested).status == JobStatus.DONE
    # DBLP is not asked with another member's confirmed pid: the borrower's harvest reads
    # nothing, and none of the harvested member's papers is linked to them.
    assert HarvestJob.objects.get(member=borrower).status == JobStatus.FAILED
    assert Publication.objects.count() == expected
    assert not Publication.objects.exclude(review_status=ReviewStatus.PENDING).exists()
    assert not Publication.objects.on_profile_of(borrower).exists()


def test_a_worker_computes_the_expertise_staff_ask_for_and_refreshes_an_edited_member(
    client, worker_setup, sending_to, redis_broker
):
    from publications.discovery.models import ExpertiseJob, ExpertiseTerm, ExpertiseTrigger
    from tests.factories import ResearchTopicFactory
    from tests.site_factories import populate_fields

    _base, start = worker_setup
    sending_to(redis_broker)
    fields = populate_fields(members_per_field=1, papers_per_member=2)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:publications_expertisejob_compute"))
    assert response.status_code == 302
    everyone = ExpertiseJob.objects.get(everyone=True)
    # The request only queued it.
    assert everyone.status == JobStatus.QUEUED

    start(redis_broker)
    wait_for(
        lambda: ExpertiseJob.objects.filter(pk=everyone.pk, status=JobStatus.DONE).exists(),
        what="the worker to compute every member's expertise",
    )
    assert ExpertiseTerm.objects.values("member").distinct().count() == len(fields.members)

    member = fields.members[0]
    member.research_topics.add(ResearchTopicFactory(name_fr="Téphra fictive", name_en="Tephra"))
    job = wait_for(
        lambda: ExpertiseJob.objects.filter(
            trigger=ExpertiseTrigger.CHANGES, member_ids=[member.pk], status=JobStatus.DONE
        ).first(),
        what="the worker to refresh the edited member",
    )
    assert job.attempts == 1
    assert ExpertiseTerm.objects.filter(member=member, term__startswith="tephr").exists()

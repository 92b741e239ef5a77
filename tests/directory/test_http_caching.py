"""Caching that works with several app servers and a CDN: ETags from the cache generation,
Cache-Control for shared caches, keys on the parameters a page reads, sessions that survive
the cache, and the deployment check that asks for a shared cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import MemberFactory
from tests.pages import card_names

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
DIRECTORY = "/fr/membres/"


def stored_pages() -> int:
    """Pages in the cache: the local-memory cache of the tests, or Redis with CACHE_URL."""
    keys = cache._cache if isinstance(cache._cache, dict) else [
        key.decode() for key in cache._cache.get_client().keys("*pages:*")
    ]  # fmt: skip
    return sum(1 for key in keys if "pages:" in key and "generation" not in key)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_anonymous_pages_are_public_with_an_etag(client, settings):
    settings.PAGE_MAX_AGE, settings.PAGE_SHARED_MAX_AGE = 30, 900
    MemberFactory()

    first = client.get(DIRECTORY)
    again = client.get(DIRECTORY)  # from the page cache

    assert cache_control(first) == {"public", "max-age=30", "s-maxage=900"}
    assert first["ETag"].startswith('"') and first["ETag"] == again["ETag"]
    assert cache_control(again) == cache_control(first)
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "default-src 'self'" in again["Content-Security-Policy"]


def test_a_current_copy_is_answered_with_304_and_an_edit_changes_the_etag(
    client, django_assert_num_queries
):
    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    etag = client.get(DIRECTORY)["ETag"]

    with django_assert_num_queries(0):
        unchanged = client.get(DIRECTORY, headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == etag
    assert "s-maxage" in unchanged["Cache-Control"]
    assert client.get(DIRECTORY, headers={"if-none-match": f"W/{etag}"}).status_code == 304

    member.family_name = "Byron"
    member.save()

    changed = client.get(DIRECTORY, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert card_names(changed) == ["Ada Byron"]


def test_pages_for_signed_in_people_are_private(client, editor):
    MemberFactory()
    client.force_login(editor)

    response = client.get(DIRECTORY)

    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)
    assert "ETag" not in response


def test_the_order_of_parameters_does_not_matter(client, django_assert_num_queries):
    kind = MemberFactory(given_name="Ada", family_name="Lovelace").membership_type
    first = client.get(f"{DIRECTORY}?q=ada&type={kind.slug}&page=")

    with django_assert_num_queries(0):
        again = client.get(f"{DIRECTORY}?type={kind.slug}&q=ada")
    assert again["ETag"] == first["ETag"]


def test_unknown_parameters_are_answered_but_never_stored(client, django_assert_num_queries):
    MemberFactory(given_name="Ada", family_name="Lovelace")

    for n in range(5):
        response = client.get(f"{DIRECTORY}?utm_source=x{n}")
        assert card_names(response) == ["Ada Lovelace"]
    assert stored_pages() == 0

    client.get(DIRECTORY)
    with django_assert_num_queries(0):  # the page of the parameters it reads
        assert card_names(client.get(f"{DIRECTORY}?utm_source=y")) == ["Ada Lovelace"]


def test_every_filter_of_a_list_keys_its_page(client):
    """The publication list declares its filter's parameters: a filter added there is part of
    the key at once, never served the page of another value."""
    from tests.factories import PublicationFactory

    PublicationFactory(title="Graphes anciens", year=2001)
    PublicationFactory(title="Graphes récents", year=2024)
    client.get("/fr/publications/", {"year": "2001"})

    recent = client.get("/fr/publications/", {"year": "2024"}).content.decode()
    assert "Graphes récents" in recent and "Graphes anciens" not in recent


def test_a_page_reading_a_parameter_it_does_not_declare_fails_the_tests(rf):
    """What every request of the suite is checked for (tests/conftest.py): a profile that
    read `?sort=` without declaring it would be served the unsorted page from the cache."""
    from tests.conftest import ReadRecordingQueryDict, undeclared_reads

    request = rf.get("/fr/membres/ada-lovelace/", {"page": "2", "sort": "year"})
    request.GET = ReadRecordingQueryDict(request.META["QUERY_STRING"])
    request.GET.get("page")
    assert undeclared_reads(request) == set()

    request.GET.get("sort")
    assert undeclared_reads(request) == {"sort"}


def test_a_missing_page_is_not_cached(client):
    for n in range(3):
        assert client.get(f"/fr/nulle-part-{n}/").status_code == 404
    assert stored_pages() == 0


def test_emptying_the_cache_signs_nobody_out(client, editor):
    client.force_login(editor)
    cache.clear()

    assert client.get("/admin/").status_code == 200


def deploy_check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "PAGE_CACHE_SECONDS"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k3y-" * 15,
            "ALLOWED_HOSTS": "directory.example.org",
            "DATABASE_URL": "",
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_deploy_check_asks_for_a_shared_cache_in_production():
    without = deploy_check()
    assert without.returncode != 0
    assert "directory.W001" in without.stderr + without.stdout

    shared = deploy_check(CACHE_URL="redis://127.0.0.1:6379/6")
    assert "directory.W001" not in shared.stderr + shared.stdout


def test_a_page_this_process_keeps_is_not_served_after_another_servers_edit(client):
    from directory.caching import LOCAL_PAGES
    from directory.generation import GENERATION_KEY

    MemberFactory()
    client.get(DIRECTORY)
    assert client.get(DIRECTORY).context is None  # from the cache
    assert LOCAL_PAGES

    cache.incr(GENERATION_KEY)  # what an edit saved on another app server does

    assert client.get(DIRECTORY).context is not None  # rendered afresh


def test_with_a_generation_memo_another_servers_edit_shows_once_it_expires(client, settings):
    """PAGE_GENERATION_MEMO_MS: a kept page is served without asking Redis for that long, so
    another server's edit waits for it; an edit made through this process shows at once."""
    from directory.generation import GENERATION_KEY, RememberedGeneration

    settings.PAGE_GENERATION_MEMO_MS = 60_000
    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    client.get(DIRECTORY)
    cache.incr(GENERATION_KEY)  # another app server's edit

    assert client.get(DIRECTORY).context is None  # still the kept page, within the memo
    RememberedGeneration.read_at -= 61  # a minute later
    assert client.get(DIRECTORY).context is not None

    member.family_name = "Byron"
    member.save()  # through this process
    assert card_names(client.get(DIRECTORY)) == ["Ada Byron"]

"""App servers sharing one Redis hear each other's changes: a page a process keeps is served
without asking Redis, and never after an edit saved through another server."""

import time

import pytest
import redis
from django.core.cache import cache, caches

from directory.generation import (
    GENERATION_CHANNEL,
    GENERATION_KEY,
    GenerationListener,
    RememberedGeneration,
)
from tests.factories import MemberFactory
from tests.pages import card_names

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/12"
DIRECTORY = "/fr/membres/"


def eventually(condition, seconds=3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def shared_cache(settings):
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (make test starts nothing; CI does)")
    settings.CACHES = {"default": {"BACKEND": "core.cache.DirectoryRedisCache", "LOCATION": REDIS}}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    GenerationListener._pid = None  # this test's process starts listening afresh
    assert eventually(GenerationListener.listening)
    yield cache
    cache.clear()
    GenerationListener._pid = None


def another_servers_edit(shared) -> None:
    """What `invalidate()` does on another app server: a new generation, and the news."""
    server = redis.Redis.from_url(REDIS)
    current = server.incr(shared.make_key(GENERATION_KEY))
    server.publish(shared.channel(GENERATION_CHANNEL), current)


def test_a_kept_page_costs_no_round_trip_until_another_server_edits(
    client, shared_cache, monkeypatch
):
    member = MemberFactory(given_name="Ada", family_name="Lovelace")
    assert card_names(client.get(DIRECTORY)) == ["Ada Lovelace"]
    client.get(DIRECTORY)  # kept by this process, with the generation it read
    asked = []

    backend = caches["default"]
    real_get_many = backend.get_many
    monkeypatch.setattr(backend, "get_many", lambda keys: asked.append(keys) or real_get_many(keys))

    assert client.get(DIRECTORY).context is None  # from this process's memory
    assert asked == []

    # Saved through another server: the database changes, and the news comes on the channel.
    type(member).objects.filter(pk=member.pk).update(family_name="Byron")
    another_servers_edit(shared_cache)
    assert eventually(lambda: RememberedGeneration.value is None, seconds=1)

    assert card_names(client.get(DIRECTORY)) == ["Ada Byron"]
    assert asked  # the generation was read again

"""The harvest's HTTP client: retries and backoff, Retry-After, rate limits shared through the
cache, an overall deadline, a size cap, and no redirect to another site."""

import time

import pytest

from publications.importing import http
from publications.importing.http import OPENALEX, FetchError, HarvestClient, NotFound
from tests.recorded import Answer


@pytest.fixture
def server(recorded_sources):
    return recorded_sources


def get(path: str, **params) -> bytes:
    return HarvestClient().get(OPENALEX, path, params=params or None, accept="application/json")


def answers(*sequence):
    """Answers given in turn, the last one repeated."""
    remaining = list(sequence)
    return lambda path, query: remaining.pop(0) if len(remaining) > 1 else remaining[0]


def test_a_server_error_is_retried_then_answered(server):
    server.add("/openalex/works", answers(Answer(b"busy", status=503), Answer(b'{"ok": 1}')))

    assert get("/works") == b'{"ok": 1}'
    assert len(server.asked) == 2


def test_retry_after_is_honoured(server):
    server.add(
        "/openalex/works",
        answers(Answer(b"", status=429, headers={"Retry-After": "1"}), Answer(b"{}")),
    )
    started = time.monotonic()

    assert get("/works") == b"{}"
    assert time.monotonic() - started >= 1


def test_a_long_retry_after_is_capped(server, monkeypatch):
    monkeypatch.setattr(http, "MAX_RETRY_AFTER_SECONDS", 0.2)
    server.add("/openalex/works", Answer(b"", status=429, headers={"Retry-After": "3600"}))
    started = time.monotonic()

    with pytest.raises(FetchError, match="429"):
        get("/works")

    assert time.monotonic() - started < 5
    assert len(server.asked) == 1 + http.RETRIES


def test_not_found_is_told_apart(server):
    with pytest.raises(NotFound):
        get("/works/nothing")


def test_a_redirect_on_the_same_host_is_followed(server):
    server.add("/openalex/old", Answer(status=301, headers={"Location": "/openalex/works"}))
    server.add("/openalex/works", Answer(b"[]"))

    assert get("/old") == b"[]"


def test_a_redirect_to_another_host_is_refused(server):
    server.add(
        "/openalex/works", Answer(status=302, headers={"Location": "http://example.com/steal"})
    )

    with pytest.raises(FetchError, match="example.com"):
        get("/works")


@pytest.mark.parametrize("declared", [True, False])
def test_an_answer_larger_than_the_cap_is_refused(server, monkeypatch, declared):
    monkeypatch.setattr(http, "MAX_RESPONSE_BYTES", 1000)
    headers = {} if declared else {"Content-Length": None}
    server.add("/openalex/works", Answer(b"x" * 5000, headers=headers, chunks=5))

    with pytest.raises(FetchError, match="trop grande"):
        get("/works")


def test_an_answer_trickling_past_the_deadline_is_given_up(server, settings):
    settings.HARVEST_REQUEST_DEADLINE_SECONDS = 1
    # Each chunk comes well within the read timeout, the whole answer past the deadline.
    server.add("/openalex/works", Answer(b"x" * 100, chunks=10, delay=0.3))
    started = time.monotonic()

    with pytest.raises(FetchError, match="aucune réponse en 1 secondes"):
        get("/works")

    assert time.monotonic() - started < 2.5


def test_requests_keep_to_the_source_rate_across_clients(server, settings):
    settings.HARVEST_RATES = {"openalex": 5}
    server.add("/openalex/works", Answer(b"{}"))
    first, second = HarvestClient(), HarvestClient()
    started = time.monotonic()

    for client in (first, second, first, second):
        client.get(OPENALEX, "/works", accept="application/json")

    # Four requests at five a second, whichever client sends them: 0.2 s apart at least.
    assert time.monotonic() - started >= 0.6


def test_an_unreachable_server_is_a_fetch_error(server, settings):
    settings.HARVEST_OPENALEX_URL = "http://127.0.0.1:9"  # the discard port: nothing listens

    with pytest.raises(FetchError, match="injoignable"):
        get("/works")

"""Timing one page: median and p95 server time, queries and size, uncached or cached."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..caching import forget_pages


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def fetch(client, url):
    """The response, the milliseconds to its first byte and to its last, and its size."""
    started = time.perf_counter()
    response = client.get(url)
    if not response.streaming:
        total = (time.perf_counter() - started) * 1000
        return response, total, total, len(response.content)
    chunks = iter(response.streaming_content)
    size = len(next(chunks, b""))
    first = (time.perf_counter() - started) * 1000
    size += sum(len(chunk) for chunk in chunks)
    return response, first, (time.perf_counter() - started) * 1000, size


def measure(client, page, *, cached, requests, stderr=None):
    """Request `page` `requests` times; uncached empties the cache before each request."""
    forget_pages()
    timings, first_bytes, queries, status, size = [], [], 0, None, 0
    if cached:
        client.get(page.url)  # fills the cache
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            response, first, total, size = fetch(client, page.url)
        timings.append(total)
        first_bytes.append(first)
        status = response.status_code
        queries = len(captured)
        if not cached:
            forget_pages()
    if status != 200 and stderr is not None:
        stderr.write(f"{page.name}: HTTP {status} for {page.url}")
    row = {
        "page": page.name,
        "cached": cached,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "queries": queries,
        "bytes": size,
        "status": status,
    }
    if page.streamed:
        row["first_byte_ms"] = round(statistics.median(first_bytes), 2)
    return row


def machine_reference(runs: int = 5) -> dict:
    """How fast this machine is, so that figures from two machines can be compared: the
    median milliseconds of a fixed piece of pure Python (string building and dictionary
    work, what rendering a page is made of) and of a database round trip."""

    def python_work():
        words = {}
        for n in range(200_000):
            key = f"word-{n % 5_000}"
            words[key] = words.get(key, 0) + len(key)
        return words

    def timed(work, times):
        spent = []
        for _ in range(times):
            started = time.perf_counter()
            work()
            spent.append((time.perf_counter() - started) * 1000)
        return round(statistics.median(spent), 2)

    def round_trip():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return {"python_ms": timed(python_work, runs), "database_ms": timed(round_trip, 20 * runs)}


def table(results) -> list[str]:
    lines = [
        f"{'page':44} {'cached':>6} {'median ms':>10} {'p95 ms':>9} {'queries':>8} "
        f"{'bytes':>10} {'1st byte':>9}"
    ]
    for row in results:
        first = f"{row['first_byte_ms']:.2f}" if "first_byte_ms" in row else ""
        lines.append(
            f"{row['page'][:44]:44} {'yes' if row['cached'] else 'no':>6} "
            f"{row['median_ms']:>10.2f} {row['p95_ms']:>9.2f} {row['queries']:>8} "
            f"{row['bytes']:>10} {first:>9}"
        )
    return lines

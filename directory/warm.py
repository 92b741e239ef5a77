"""What an app process does once it has started: load what Django would load on the first
request, then set the objects made so far aside from the garbage collector; and again once it
has served its first requests, which load the rest (templates, lazily imported code, citation
styles).

A process keeps those objects for its whole life, and each full collection walked them all:
40-85 ms pauses, the slowest requests of every page (docs/performance.md). `gc.freeze()`
leaves them out of every later collection.
"""

import gc

from django.urls import get_resolver

# By then a process has rendered each kind of page it serves.
SETTLE_AGAIN_AFTER = 1_000


def settle() -> None:
    get_resolver().url_patterns  # noqa: B018 - the URLconf, otherwise imported by the first request
    gc.collect()
    gc.freeze()


class Settling:
    """A WSGI application that settles its process once at start and once after serving
    SETTLE_AGAIN_AFTER requests (a race between threads at most counts one request twice)."""

    def __init__(self, application):
        self.application = application
        self.served = 0
        settle()

    def __call__(self, environ, start_response):
        self.served += 1
        if self.served == SETTLE_AGAIN_AFTER:
            settle()
        return self.application(environ, start_response)

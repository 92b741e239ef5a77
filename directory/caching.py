"""The page cache for anonymous visitors, emptied by every staff edit of what pages show, and
the HTTP caching headers that let a reverse proxy or a CDN keep the same pages.

Each cached page holds the generation number it was rendered in (directory.generation), a
number kept in the cache itself (and checked on every request, also for the pages a process
keeps); any save, delete or many-to-many change of a member, topic, membership type,
organisation, publication or authorship bumps the generation, so the very next request renders
afresh on every app server sharing the cache. Services that write in bulk (QuerySet.update,
bulk_create) send `core.signals.rows_changed`; any form a signed-in person posts counts as a
change too.

The generation is also each anonymous page's ETag: a browser or a proxy asking again with
`If-None-Match` gets a 304 until something changes. A page is keyed on its path and the query
parameters its view declares it reads (`reads_parameters`, next to the view), in a canonical
order; a request with others is answered (from the page of the known ones when it is cached)
but never stored. A view reading a parameter it does not declare would be served the page of
another value from the cache: the tests check every page's reads against its declaration.
"""

import functools
import hashlib
import logging
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control

from .generation import GENERATION_KEY, RememberedGeneration, generation, invalidate

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
UNCACHED_PATH_PREFIXES = ("/admin/", "/healthz", "/i18n/")


def reads_parameters(*names: str):
    """Declares the query parameters a view (a function or a class-based view) reads, the
    only ones its cached page is keyed on; a view that declares none reads none. Kept on the
    view, so that decorators made with functools.wraps and `as_view()` carry it."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


class EveryParameter(frozenset):
    """The parameters of the open API, whose endpoints read many (filters, paging): every
    parameter is part of their key."""

    def __contains__(self, name) -> bool:
        return True


EVERY_PARAMETER = EveryParameter()


class StoredPage(NamedTuple):
    """A cached page as bytes and headers (a pickled HttpResponse costs four times as much
    to read back), with the generation it was rendered in."""

    generation: int
    status: int
    headers: tuple
    content: bytes

    @classmethod
    def of(cls, response, generation: int) -> "StoredPage":
        return cls(generation, response.status_code, tuple(response.items()), response.content)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        # Checked when the page was made: set as they were into Django's own store of them, not
        # each checked again for its charset and line breaks (a sixth of a cached page's time).
        response.headers._store.update(
            {name.lower(): (name, value) for name, value in self.headers}
        )
        return response


# Each process keeps the pages it served last, checked against the shared generation on
# every request: a hit then reads a number from Redis instead of a 30 KB page.
LOCAL_PAGES: dict[str, StoredPage] = {}
LOCAL_PAGE_COUNT = 500
LOCAL_PAGE_BYTES = 256 * 1024


def forget_pages() -> None:
    """Every page forgotten: the shared cache emptied, and what this process keeps with the
    generation it read (a flush of Redis publishes nothing)."""
    cache.clear()
    LOCAL_PAGES.clear()
    RememberedGeneration.forget()


def remember_locally(cache_key: str, page: StoredPage) -> None:
    if len(LOCAL_PAGES) >= LOCAL_PAGE_COUNT:
        LOCAL_PAGES.pop(next(iter(LOCAL_PAGES)), None)  # the oldest
    LOCAL_PAGES[cache_key] = page


@functools.lru_cache(maxsize=4096)  # the URLs do not change while the process runs
def page_parameters(path: str) -> frozenset[str] | None:
    """The query parameters the page at `path` reads, or None if no page is there."""
    if path.startswith("/api/"):
        return EVERY_PARAMETER
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "query_parameters", frozenset())


@functools.lru_cache(maxsize=4096)
def _address(scheme: str, host: str, path: str, query: str, known: frozenset[str]):
    """The digest of a page's canonical address (only the parameters it reads, in order) and
    whether the query had no others; the same raw address always gives the same, so each is
    worked out once while it stays among the most recent."""
    parameters = QueryDict(query)
    pairs = sorted(
        (name, value)
        for name, values in parameters.lists()
        for value in values
        if value and name in known
    )
    complete = all(name in known for name in parameters)
    canonical = "&".join(f"{name}={value}" for name, value in pairs)
    address = f"{scheme}://{host}{path}?{canonical}"
    return hashlib.sha256(address.encode()).hexdigest(), complete


class PageKey:
    """Where an anonymous request's page is kept, and its ETag. `complete` is False when the
    request has parameters the page does not read: its page is then never stored."""

    def __init__(self, request, known: frozenset[str]):
        self.digest, self.complete = _address(
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            known,
        )
        # One entry per page, holding the generation it was rendered in: read in the same
        # round trip as the current generation (MGET), stale when they differ.
        self.cache_key = f"pages:{self.digest}"
        self.generation = self.etag = self.stored = None

    def set_generation(self, current: int, stored) -> None:
        """The current generation, and what the cache holds for this page (or None)."""
        self.generation = current
        self.etag = f'"{current}-{self.digest[:16]}"'
        self.stored = stored

    def matches(self, request) -> bool:
        """Whether the visitor already holds this page (`If-None-Match`)."""
        header = request.headers.get("If-None-Match", "")
        tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        return self.etag in tags


class AnonymousPageCacheMiddleware:
    """Serves GET and HEAD requests without a session cookie from the cache, or a 304 when
    the visitor's copy is current; stores only complete 200 pages that set no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            response = self.get_response(request)
            if self.has_session(request):
                # What a signed-in person sees is theirs: no shared cache may keep it.
                patch_cache_control(response, private=True)
            if request.method not in SAFE_METHODS and self.signed_in(request):
                # Admin bulk actions and services write with QuerySet.update(), which sends
                # no signal: any form a signed-in person posts may have changed a page.
                invalidate()
            return response
        if key.matches(request):
            return self.shared(HttpResponseNotModified(), key)
        stored = key.stored
        if isinstance(stored, StoredPage) and stored.generation == key.generation:
            if key.cache_key not in LOCAL_PAGES and len(stored.content) <= LOCAL_PAGE_BYTES:
                remember_locally(key.cache_key, stored)
            return stored.response()
        response = self.get_response(request)
        if not self.shareable(response):
            return response
        self.shared(response, key)
        if key.complete and not response.streaming:
            try:
                page = StoredPage.of(response, key.generation)
                cache.set(key.cache_key, page, settings.PAGE_CACHE_SECONDS)
                if len(page.content) <= LOCAL_PAGE_BYTES:
                    remember_locally(key.cache_key, page)
            except Exception:
                logger.exception("Could not store a page in the cache.")
        return response

    @staticmethod
    def signed_in(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)

    @staticmethod
    def has_session(request) -> bool:
        return settings.SESSION_COOKIE_NAME in request.COOKIES

    def key(self, request) -> PageKey | None:
        if (
            request.method not in SAFE_METHODS
            or self.has_session(request)
            or request.path.startswith(UNCACHED_PATH_PREFIXES)
            or settings.PAGE_CACHE_SECONDS <= 0
        ):
            return None
        known = page_parameters(request.path_info)
        if known is None:  # no page there: a 404 is not worth a cache entry
            return None
        try:
            key = PageKey(request, known)
            local = LOCAL_PAGES.get(key.cache_key)
            current = RememberedGeneration.get() if local else None
            if current is None:
                changes = RememberedGeneration.changes
                # A page this process holds needs only the generation to be served.
                wanted = [GENERATION_KEY] if local else [GENERATION_KEY, key.cache_key]
                found = cache.get_many(wanted)
                current = found.get(GENERATION_KEY)
                if current is None:
                    current = generation()
                RememberedGeneration.keep(current, changes)
                stored = found.get(key.cache_key, local)
            else:
                stored = local
            if local and local.generation != current:
                LOCAL_PAGES.pop(key.cache_key, None)
                stored = cache.get(key.cache_key)
            key.set_generation(current, stored)
            return key
        except Exception:  # a disallowed host, an unreachable cache: no caching
            logger.debug("No page cache for this request.", exc_info=True)
            return None

    @staticmethod
    def shared(response, key: PageKey):
        """The headers that let browsers, proxies and CDNs keep the page: the same for a 200
        and for the 304 that confirms it."""
        response["ETag"] = key.etag
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_MAX_AGE,
            s_maxage=settings.PAGE_SHARED_MAX_AGE,
        )
        return response

    @staticmethod
    def shareable(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )

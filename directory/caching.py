"""The page cache for anonymous visitors, emptied by every staff edit of what pages show.

Each cached page's key holds a generation number kept in the cache itself; any save, delete
or many-to-many change of a member, topic, membership type, organisation, publication or
authorship bumps the generation, so the very next request renders afresh on every app server
sharing the cache. Services that write in bulk (QuerySet.update, bulk_create) send
`core.signals.rows_changed`; any form a signed-in person posts counts as a change too.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.signals import rows_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
# Apps whose records the public pages show.
SHOWN_APPS = {"members", "publications"}
SAFE_METHODS = ("GET", "HEAD")
UNCACHED_PATH_PREFIXES = ("/admin/", "/healthz", "/i18n/")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh start never reuses the keys of pages cached before the cache lost the number.
        cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate(**kwargs) -> None:
    """Make every cached page stale (a signal receiver, also called after bulk writes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no number yet: nothing cached under it either
        generation()
    except Exception:
        logger.exception("Could not invalidate the page cache.")


def _invalidate_if_shown(sender, **kwargs):
    if sender._meta.app_label in SHOWN_APPS and kwargs.get("action", "post_").startswith("post_"):
        invalidate()
        # Again once the change is visible: a page another process renders before the commit
        # (an import's batch is one transaction) would otherwise be cached as current.
        transaction.on_commit(invalidate)


def connect_invalidation() -> None:
    rows_changed.connect(_invalidate_if_shown, dispatch_uid="pages-rows-changed")
    post_save.connect(_invalidate_if_shown, dispatch_uid="pages-post-save")
    post_delete.connect(_invalidate_if_shown, dispatch_uid="pages-post-delete")
    m2m_changed.connect(_invalidate_if_shown, dispatch_uid="pages-m2m-changed")


class AnonymousPageCacheMiddleware:
    """Serves GET and HEAD requests without a session cookie from the cache; stores only
    complete 200 pages that set no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and self.signed_in(request):
                # Admin bulk actions and services write with QuerySet.update(), which sends
                # no signal: any form a signed-in person posts may have changed a page.
                invalidate()
            return response
        try:
            response = cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable.")
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        if self.storable(response):
            try:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Could not store a page in the cache.")
        return response

    @staticmethod
    def signed_in(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)

    def key(self, request) -> str | None:
        if (
            request.method not in SAFE_METHODS
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.path.startswith(UNCACHED_PATH_PREFIXES)
            or settings.PAGE_CACHE_SECONDS <= 0
        ):
            return None
        try:
            address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            current = generation()
        except Exception:  # a disallowed host, an unreachable cache: no caching
            return None
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"pages:{current}:{digest}"

    @staticmethod
    def storable(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

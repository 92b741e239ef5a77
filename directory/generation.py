"""The generation of the page cache: a number kept in the cache, which every change to what
public pages show bumps (`invalidate`, connected to the models' signals by
`connect_invalidation`), so that every app server sharing the cache renders afresh; what each
process remembers of it, and the channel on which it hears of every change."""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from core.signals import rows_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
# Apps whose records the public pages show.
SHOWN_APPS = {"members", "publications"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh start never reuses the keys of pages cached before the cache lost the number.
        cache.add(GENERATION_KEY, time.time_ns() // 1_000_000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


class RememberedGeneration:
    """The generation as this process last read it, trusted for a while to serve the pages it
    keeps without a round trip to Redis: for HEARD_MEMO_SECONDS while `GenerationListener`
    hears every change, else for PAGE_GENERATION_MEMO_MS. Forgotten at once when this process
    makes a change or hears of one, so that an edit shows on every server's next response."""

    value: int | None = None
    read_at = 0.0
    # Counts the changes made or heard: a generation read before one of them is not kept.
    changes = 0

    @classmethod
    def get(cls) -> int | None:
        if GenerationListener.listening():
            memo = HEARD_MEMO_SECONDS
        else:
            memo = settings.PAGE_GENERATION_MEMO_MS / 1000
        value = cls.value
        if memo > 0 and value is not None and time.monotonic() - cls.read_at < memo:
            return value
        return None

    @classmethod
    def keep(cls, value: int, changes: int) -> None:
        """Keep `value`, read from the cache when `changes` was `cls.changes`."""
        if changes == cls.changes:
            cls.value, cls.read_at = value, time.monotonic()

    @classmethod
    def forget(cls) -> None:
        cls.changes += 1
        cls.value = None


# While every change is heard, the generation is still read again after this long: a
# connection that hangs without failing costs at most that much staleness.
HEARD_MEMO_SECONDS = 1.0
GENERATION_CHANNEL = "pages:generation-changed"


class GenerationListener:
    """A thread in each process that hears every change to the generation, on a Redis channel
    that `invalidate()` publishes to from any process: then the generation a process read may
    be trusted (for HEARD_MEMO_SECONDS), and a page it keeps costs no round trip to Redis, while
    an edit on one server still shows on the others' next response. Only with the project's
    Redis cache (core.cache); with another, every request reads the generation."""

    _pid: int | None = None
    _heard = threading.Event()

    @classmethod
    def listening(cls) -> bool:
        if cls._pid != os.getpid():  # a new process (a forked worker): its own thread
            cls._pid, cls._heard = os.getpid(), threading.Event()
            if hasattr(cache, "subscribe"):
                threading.Thread(
                    target=cls._listen, args=(cls._heard,), name="page-generation", daemon=True
                ).start()
        return cls._heard.is_set()

    @staticmethod
    def _listen(heard: threading.Event) -> None:
        while True:
            try:
                for message in cache.subscribe(GENERATION_CHANNEL).listen():
                    # A change, or subscribed (again): what changed while away is forgotten.
                    RememberedGeneration.forget()
                    if message["type"] == "subscribe":
                        heard.set()
            except Exception:
                if heard.is_set():
                    logger.warning("Lost the page cache's channel: the generation is read again.")
            heard.clear()
            RememberedGeneration.forget()
            time.sleep(1)


def invalidate(**kwargs) -> None:
    """Make every cached page stale (a signal receiver, also called after bulk writes), and
    tell every process that listens."""
    RememberedGeneration.forget()
    try:
        current = cache.incr(GENERATION_KEY)
    except ValueError:  # no number yet: nothing cached under it either
        current = generation()
    except Exception:
        logger.exception("Could not invalidate the page cache.")
        return
    if hasattr(cache, "publish"):
        try:
            cache.publish(GENERATION_CHANNEL, current)
        except Exception:
            logger.exception("Could not tell the other processes of a change.")


def shown_on_pages(model) -> bool:
    """Whether public pages show rows of `model`: those of the shown apps, except the models
    that say they are not (`shown_on_pages = False`: the jobs' records, what awaits them)."""
    return model._meta.app_label in SHOWN_APPS and getattr(model, "shown_on_pages", True)


def _invalidate_if_shown(sender, **kwargs):
    if shown_on_pages(sender) and kwargs.get("action", "post_").startswith("post_"):
        invalidate()
        # Again once the change is visible: a page another process renders before the commit
        # (an import's batch is one transaction) would otherwise be cached as current.
        transaction.on_commit(invalidate)


def connect_invalidation() -> None:
    rows_changed.connect(_invalidate_if_shown, dispatch_uid="pages-rows-changed")
    post_save.connect(_invalidate_if_shown, dispatch_uid="pages-post-save")
    post_delete.connect(_invalidate_if_shown, dispatch_uid="pages-post-delete")
    m2m_changed.connect(_invalidate_if_shown, dispatch_uid="pages-m2m-changed")
    # A deployment migrates: pages and ETags of the previous templates are not served again.
    post_migrate.connect(invalidate, dispatch_uid="pages-post-migrate")

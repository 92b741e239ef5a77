"""/healthz: whether this app server can reach its database and its cache, for the load
balancer."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_is_up() -> bool:
    try:
        # With the psycopg pool, this borrows a pooled connection that the pool checked.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable.")
        return False


def cache_is_up() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, timeout=10)
        return cache.get("healthz") == token
    except Exception:
        logger.exception("Health check: cache unreachable.")
        return False


@never_cache
def healthz(request):
    checks = {
        "database": "ok" if database_is_up() else "error",
        "cache": "ok" if cache_is_up() else "error",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )

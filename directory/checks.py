"""Deployment checks of the directory itself (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    """Several app servers need one cache: the page cache's generation lives in it, and an
    edit on one server must empty every server's pages."""
    if not settings.PRODUCTION or settings.CACHE_URL:
        return []
    state = "on" if settings.PAGE_CACHE_SECONDS > 0 else "off"
    return [
        Warning(
            f"DJANGO_ENV=production without CACHE_URL: the page cache is {state} and each "
            "process keeps its own cache.",
            hint="Set CACHE_URL=redis://host:6379/0 (one Redis that every app server shares).",
            id="directory.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def page_cache_without_shared_cache(app_configs, **kwargs):
    if settings.PRODUCTION and not settings.CACHE_URL and settings.PAGE_CACHE_SECONDS > 0:
        return [
            Warning(
                "PAGE_CACHE_SECONDS is set but the cache is per process: an edit saved on one "
                "app server leaves the other servers' pages stale until they expire.",
                hint="Set CACHE_URL, or PAGE_CACHE_SECONDS=0.",
                id="directory.W002",
            )
        ]
    return []

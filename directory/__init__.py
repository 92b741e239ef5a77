"""The site: settings, root URLs, public pages; and the Celery app, loaded with Django so that
`delay()` anywhere uses it."""

from .celery import app as celery_app

__all__ = ("celery_app",)

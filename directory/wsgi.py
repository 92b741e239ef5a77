"""WSGI entry point, used by gunicorn (`make serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

from .warm import Settling  # noqa: E402 - after the settings module is named

application = Settling(get_wsgi_application())

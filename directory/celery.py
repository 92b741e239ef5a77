"""The Celery application that runs the directory's background jobs (harvests, imports, the
schedule's housekeeping). Its settings are the CELERY_* ones of directory/settings.py; tasks
live with their app (`publications/tasks.py`).

    celery -A directory worker --beat --loglevel INFO    (what `make worker` runs)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

app = Celery("directory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

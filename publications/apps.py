from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        # Registers the Celery tasks in every process, not only where Celery autodiscovers
        # them: jobs send them by name (`publications.jobs.common`).
        from . import tasks  # noqa: F401
        from .discovery.changes import connect_refresh

        # Members whose topics or publications change get their expertise computed again.
        connect_refresh()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from .discovery.changes import connect_refresh

        # Members whose topics or publications change get their expertise computed again.
        connect_refresh()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The project and its public site: every page a visitor sees."""

    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from .caching import connect_invalidation

        # Every process that can write (web, admin, commands, jobs) empties the page cache.
        connect_invalidation()

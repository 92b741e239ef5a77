from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # Connects the receiver that signs history rows written by imports.
        from . import history  # noqa: F401
        from .caching import connect_invalidation

        # Every process that can write (web, admin, commands) empties the page cache.
        connect_invalidation()

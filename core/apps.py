from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the directory needs and that is about none of its nouns."""

    name = "core"
    verbose_name = _("Common")

    def ready(self):
        # Connects the receiver that signs history rows written by imports and other batches.
        from . import history  # noqa: F401

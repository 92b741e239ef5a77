from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The project and its public site: every page a visitor sees."""

    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .editors import keep_editors_group
        from .generation import connect_invalidation

        # Every process that can write (web, admin, commands, jobs) empties the page cache.
        connect_invalidation()
        # After every migrate, once the content apps' permissions exist: post_migrate is sent
        # per app with models, in INSTALLED_APPS order, and publications is the last of them.
        post_migrate.connect(
            keep_editors_group,
            sender=apps.get_app_config("publications"),
            dispatch_uid="editors-group",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.signals import rows_changed

        from .completeness import forget_completeness

        for signal in (post_save, post_delete, rows_changed):
            signal.connect(forget_completeness, dispatch_uid=f"completeness-{id(signal)}")

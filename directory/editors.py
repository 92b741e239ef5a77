"""The "Directory editors" group: staff who edit the directory's content and nothing else.

Its permissions are derived from the content apps' models every time the database is
migrated, so that a model added later (a publication's releases, a job record) is covered
without anyone remembering to grant it. Accounts, groups and permissions stay with
superusers.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

GROUP_NAME = "Directory editors"
# The apps whose records are the directory's content.
CONTENT_APPS = ("members", "publications")
ACTIONS = ("add", "change", "delete", "view")


def content_models() -> list:
    """Every model staff edit: the content apps' own tables, not their history copies (the
    history is read through the record it belongs to) nor tables that triggers fill."""
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed
        and not hasattr(model, "instance_type")
        and not getattr(model, "kept_by_the_database", False)
    ]


def keep_editors_group(**kwargs) -> None:
    """Create the group if needed and give it exactly the content permissions (a
    `post_migrate` receiver)."""
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    types = ContentType.objects.get_for_models(*content_models(), for_concrete_models=False)
    wanted = Permission.objects.filter(
        content_type__in=types.values(),
        codename__in=[
            f"{action}_{model._meta.model_name}" for model in types for action in ACTIONS
        ],
    )
    group.permissions.set(wanted)

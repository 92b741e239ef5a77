"""Create the "Directory editors" group: content editors who cannot manage accounts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Directory editors"
CONTENT_MODELS = {
    "members": ["member", "researchtopic", "membershiptype", "organisation"],
    "publications": ["publication", "authorship"],
}
ACTIONS = ("add", "change", "delete", "view")


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        f"{action}_{model}" for models in CONTENT_MODELS.values() for model in models
        for action in ACTIONS
    ]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=CONTENT_MODELS, codename__in=codenames
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        ("publications", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]

"""Once created the "Directory editors" group from a list of models frozen here; the group and
its permissions are now kept current after every migrate by `directory.editors`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        ("publications", "0001_initial"),
    ]

    operations = []

"""The publication list's indexes and the full-text search document, first created here by
SQL, are declared on the models (`Meta.indexes`, `Publication.search_document`) since
migration publications 0009, which creates them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_releases"),
        # f_unaccent()
        ("members", "0004_directory_indexes_and_name_search"),
    ]

    operations = []

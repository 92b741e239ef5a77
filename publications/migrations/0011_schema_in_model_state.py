"""The publications' schema in model state: the indexes of migrations 0006 and 0008 in
`Meta.indexes`, the search document as the generated field `Publication.search_document`,
and the link between publications and topics as the declared model `PublicationTopic`
(same table)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import core.database

# Made by SQL in migrations 0006 and 0008 on databases migrated before: made again below,
# from the models.
RAW_INDEXES = [
    "publication_public_newest_idx",
    "publication_year_idx",
    "publication_topics_topic_publication_idx",
    "authorship_profile_idx",
    "publication_search_document_idx",
    "publication_public_sort_key_idx",
]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_schema_in_model_state"),
        ("publications", "0010_discovery"),
    ]

    operations = [
        core.database.RunSQLOnPostgreSQL(
            [
                *(f"DROP INDEX IF EXISTS {name}" for name in RAW_INDEXES),
                "ALTER TABLE publications_publication DROP COLUMN IF EXISTS search_document",
            ],
            migrations.RunSQL.noop,
        ),
        # The table Django made for Publication.topics, declared as it is.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicationTopic",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("publication", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="publications.publication", verbose_name="publication")),
                        ("researchtopic", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.researchtopic", verbose_name="research topic")),
                    ],
                    options={
                        "verbose_name": "research topic of a publication",
                        "verbose_name_plural": "research topics of publications",
                        "db_table": "publications_publication_topics",
                        "unique_together": {("publication", "researchtopic")},
                    },
                ),
                migrations.AlterField(
                    model_name="publication",
                    name="topics",
                    field=models.ManyToManyField(blank=True, related_name="publications", through="publications.PublicationTopic", to="members.researchtopic", verbose_name="research topics"),
                ),
            ],
        ),
        # Django's unique (publication, topic) of its own link table, as a named constraint.
        migrations.AlterUniqueTogether(name="publicationtopic", unique_together=set()),
        migrations.AddConstraint(
            model_name="publicationtopic",
            constraint=models.UniqueConstraint(fields=("publication", "researchtopic"), name="publication_topic_once"),
        ),
        # The links' history is named after the link model; its rows stay.
        migrations.RenameModel(old_name="HistoricalPublication_topics", new_name="HistoricalPublicationTopic"),
        migrations.AlterModelOptions(
            name="historicalpublicationtopic",
            options={"verbose_name": "HistoricalPublicationTopic"},
        ),
        migrations.AlterField(
            model_name="historicalpublicationtopic",
            name="publication",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="publications.publication", verbose_name="publication"),
        ),
        migrations.AlterField(
            model_name="historicalpublicationtopic",
            name="researchtopic",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="members.researchtopic", verbose_name="research topic"),
        ),
        migrations.AddField(
            model_name="publication",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.database.OnPostgreSQL(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(core.database.Unaccented("title"), config="french", weight="A"),
                                "||",
                                django.contrib.postgres.search.SearchVector(core.database.Unaccented("title"), config="english", weight="A"),
                                django.contrib.postgres.search.SearchConfig("french"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(core.database.Unaccented("abstract"), config="french", weight="B"),
                            django.contrib.postgres.search.SearchConfig("french"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(core.database.Unaccented("abstract"), config="english", weight="B"),
                        django.contrib.postgres.search.SearchConfig("french"),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search document",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=core.database.PostgreSQLOnlyIndex(models.OrderBy(models.F("year"), descending=True, nulls_last=True), models.OrderBy(models.F("publication_date"), descending=True, nulls_last=True), models.F("title"), models.F("id"), condition=models.Q(("is_published", True), ("review_status", "approved")), name="publication_public_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=core.database.PostgreSQLOnlyIndex(models.OrderBy(models.F("year"), descending=True, nulls_last=True), name="publication_year_idx"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=core.database.PostgreSQLOnlyIndex(condition=models.Q(("is_published", True), ("review_status", "approved")), fields=["id"], include=("year", "publication_date", "title"), name="publication_public_sort_key_idx"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=core.database.PostgreSQLOnlyGinIndex(fields=["search_document"], name="publication_search_document_idx"),
        ),
        migrations.AddIndex(
            model_name="publicationtopic",
            index=core.database.LongNameIndex(fields=["researchtopic", "publication"], name="publication_topics_topic_publication_idx"),
        ),
        migrations.AddIndex(
            model_name="authorship",
            index=models.Index(condition=models.Q(("hidden_from_profile", False)), fields=["member", "publication"], include=("featured",), name="authorship_profile_idx"),
        ),
    ]

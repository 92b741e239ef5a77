"""The directory's schema in model state: the indexes of migration 0004 in `Meta.indexes`, the
link between members and topics as the declared model `MemberResearchTopic` (same table),
and the table of kept topic counts as the unmanaged model `TopicMemberCount`."""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

import core.database

# Made by SQL in migration 0004 on databases migrated before: made again below, from the models.
RAW_INDEXES = ["member_public_sort_idx", "member_search_name_trgm_idx", "member_topics_topic_member_idx"]


class Migration(migrations.Migration):
    dependencies = [("members", "0006_dblp_pid_shapes")]

    operations = [
        core.database.RunSQLOnPostgreSQL(
            [f"DROP INDEX IF EXISTS {name}" for name in RAW_INDEXES], migrations.RunSQL.noop
        ),
        # The table Django made for Member.research_topics, declared as it is.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MemberResearchTopic",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("member", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.member", verbose_name="member")),
                        ("researchtopic", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.researchtopic", verbose_name="research topic")),
                    ],
                    options={
                        "verbose_name": "research topic of a member",
                        "verbose_name_plural": "research topics of members",
                        "db_table": "members_member_research_topics",
                        "unique_together": {("member", "researchtopic")},
                    },
                ),
                migrations.AlterField(
                    model_name="member",
                    name="research_topics",
                    field=models.ManyToManyField(blank=True, related_name="members", through="members.MemberResearchTopic", to="members.researchtopic", verbose_name="research topics"),
                ),
            ],
        ),
        # Django's unique (member, topic) of its own link table, as a named constraint.
        migrations.AlterUniqueTogether(name="memberresearchtopic", unique_together=set()),
        migrations.AddConstraint(
            model_name="memberresearchtopic",
            constraint=models.UniqueConstraint(fields=("member", "researchtopic"), name="member_research_topic_once"),
        ),
        # The links' history is named after the link model; its rows stay.
        migrations.RenameModel(old_name="HistoricalMember_research_topics", new_name="HistoricalMemberResearchTopic"),
        migrations.AlterModelOptions(
            name="historicalmemberresearchtopic",
            options={"verbose_name": "HistoricalMemberResearchTopic"},
        ),
        migrations.AlterField(
            model_name="historicalmemberresearchtopic",
            name="member",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="members.member", verbose_name="member"),
        ),
        migrations.AlterField(
            model_name="historicalmemberresearchtopic",
            name="researchtopic",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="members.researchtopic", verbose_name="research topic"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(condition=models.Q(("is_published", True)), fields=["sort_name", "id"], name="member_public_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=core.database.PostgreSQLOnlyGinIndex(django.contrib.postgres.indexes.OpClass(models.F("search_name"), name="gin_trgm_ops"), name="member_search_name_trgm_idx"),
        ),
        migrations.AddIndex(
            model_name="memberresearchtopic",
            index=models.Index(fields=["researchtopic", "member"], name="member_topics_topic_member_idx"),
        ),
        # Made and kept by migration 0005's SQL (members.counts): unmanaged, PostgreSQL only.
        migrations.CreateModel(
            name="TopicMemberCount",
            fields=[
                ("pk", models.CompositePrimaryKey("research_topic", "membership_type", blank=True, editable=False, primary_key=True, serialize=False)),
                ("research_topic", models.ForeignKey(db_column="researchtopic_id", db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="kept_member_counts", to="members.researchtopic", verbose_name="research topic")),
                ("membership_type", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="members.membershiptype", verbose_name="membership type")),
                ("member_count", models.IntegerField(verbose_name="members")),
            ],
            options={
                "verbose_name": "member count of a topic",
                "verbose_name_plural": "member counts of topics",
                "db_table": "members_topic_member_count",
                "ordering": ("research_topic_id", "membership_type_id"),
                "managed": False,
            },
        ),
    ]

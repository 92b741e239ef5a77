"""The list entries: a member's publications as their profile lists them and a topic's as its
page lists them, with the sort key and visibility copied from each publication, kept by
triggers (publications.entries says why and how; docs/performance.md what it bought)."""

import core.database
import django.db.models.deletion
from django.db import migrations, models

from publications import entries


class KeepListEntries(migrations.RunSQL):
    """The entries filled and the triggers that keep them made, in each database's syntax."""

    def __init__(self):
        super().__init__(sql=[], reverse_sql=[])

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in entries.create(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in entries.drop_triggers(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def describe(self):
        return "Fill the list entries and make the triggers that keep them"


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0010_identifier_indexes'),
        ('publications', '0016_coauthor_networks'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProfileEntry',
            fields=[
                ('public', models.BooleanField(verbose_name='public')),
                ('year', models.PositiveSmallIntegerField(null=True, verbose_name='year')),
                ('publication_date', models.DateField(null=True, verbose_name='publication date')),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('authorship', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='publications.authorship', verbose_name='authorship')),
                ('featured', models.BooleanField(verbose_name='featured')),
                ('member', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.member', verbose_name='member')),
                ('publication', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='profile_entries', to='publications.publication', verbose_name='publication')),
            ],
            options={
                'verbose_name': 'profile entry',
                'verbose_name_plural': 'profile entries',
                'db_table': 'publications_profile_entry',
                'indexes': [core.database.PostgreSQLOnlyIndex(models.F('member'), models.F('public'), models.OrderBy(models.F('featured'), descending=True), models.OrderBy(models.F('year'), descending=True, nulls_last=True), models.OrderBy(models.F('publication_date'), descending=True, nulls_last=True), models.F('title'), models.F('publication_id'), name='profile_entry_member_order_idx'), core.database.PostgreSQLOnlyIndex(models.F('member'), models.F('public'), models.OrderBy(models.F('year'), descending=True, nulls_last=True), models.OrderBy(models.F('publication_date'), descending=True, nulls_last=True), models.F('title'), models.F('publication_id'), name='profile_entry_member_newest_idx'), core.database.ElsewhereThanPostgreSQLIndex(fields=['member', 'public'], name='profile_entry_idx')],
            },
        ),
        migrations.CreateModel(
            name='TopicEntry',
            fields=[
                ('public', models.BooleanField(verbose_name='public')),
                ('year', models.PositiveSmallIntegerField(null=True, verbose_name='year')),
                ('publication_date', models.DateField(null=True, verbose_name='publication date')),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('link', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='publications.publicationtopic', verbose_name='research topic of a publication')),
                ('publication', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='topic_entries', to='publications.publication', verbose_name='publication')),
                ('research_topic', models.ForeignKey(db_column='researchtopic_id', db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.researchtopic', verbose_name='research topic')),
            ],
            options={
                'verbose_name': 'topic entry',
                'verbose_name_plural': 'topic entries',
                'db_table': 'publications_topic_entry',
                'indexes': [core.database.PostgreSQLOnlyIndex(models.F('research_topic'), models.F('public'), models.OrderBy(models.F('year'), descending=True, nulls_last=True), models.OrderBy(models.F('publication_date'), descending=True, nulls_last=True), models.F('title'), models.F('publication_id'), name='topic_entry_topic_newest_idx'), core.database.ElsewhereThanPostgreSQLIndex(fields=['research_topic', 'public'], name='topic_entry_idx')],
            },
        ),
        KeepListEntries(),
    ]

"""Jobs: the records of harvests and imports, the schedule that runs them, and the folded
title imports look papers up by."""

import json

import django.db.models.deletion
import django.utils.timezone
import publications.runs
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from core.text import fold

CHUNK = 5000


def fill_title_keys(apps, schema_editor):
    """What Publication.save() now keeps, for the publications stored before it did."""
    Publication = apps.get_model("publications", "Publication")
    connection = schema_editor.connection
    last = 0
    while rows := list(
        Publication.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title")[:CHUNK]
    ):
        last = rows[-1][0]
        keys = [fold(title)[:500] for _pk, title in rows]
        if connection.vendor == "postgresql":
            # One UPDATE per chunk: a million rows in about a minute, not an UPDATE per row.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE publications_publication AS p SET title_key = v.key "
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) WHERE p.id = v.id",
                    [[pk for pk, _title in rows], keys],
                )
        else:
            changed = [Publication(pk=pk, title_key=key) for (pk, _t), key in zip(rows, keys)]
            Publication.objects.bulk_update(changed, ["title_key"])


# The schedule as staff find it in the admin (Periodic tasks), where they can change or pause it.
SCHEDULE = [
    # name, task, every (minutes), kwargs
    (
        "Harvest the members whose turn it is",
        "publications.tasks.harvest_due_members",
        60,
        {"every_hours": 168},
    ),
    ("Mark lost jobs failed", "publications.tasks.reap_lost_jobs", 5, {}),
    ("Delete abandoned uploads", "publications.tasks.delete_abandoned_uploads", 60, {}),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minutes, kwargs in SCHEDULE:
        interval, _created = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": task, "interval": interval, "kwargs": json.dumps(kwargs)},
        )


def let_editors_follow_jobs(apps, schema_editor):
    """Editors harvest and import: they see the jobs (retrying one needs add_publication)."""
    # Permissions are normally created after all migrations; make sure these exist now.
    config = apps.get_app_config("publications")
    config.models_module = True
    create_permissions(config, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Directory editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="publications",
                codename__in=["view_harvestjob", "view_importjob"],
            )
        )


def delete_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for _name, task, _m, _k in SCHEDULE]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_topic_member_counts'),
        ('publications', '0008_public_publication_sort_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='HarvestJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('previewed', 'Waiting for confirmation'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('progress_done', models.PositiveIntegerField(default=0, verbose_name='done')),
                ('progress_total', models.PositiveIntegerField(default=0, verbose_name='out of')),
                ('progress_unit', models.CharField(blank=True, max_length=20, verbose_name='counting')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('queued_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='queued')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='created')),
                ('merged', models.PositiveIntegerField(default=0, verbose_name='merged')),
                ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                ('pending', models.PositiveIntegerField(default=0, verbose_name='pending review')),
                ('skipped', models.PositiveIntegerField(default=0, verbose_name='skipped')),
                ('trigger', models.CharField(choices=[('staff', 'Staff, from the admin'), ('schedule', 'The schedule'), ('command', 'The harvest command')], default='staff', max_length=10, verbose_name='started from')),
                ('sources_read', models.JSONField(blank=True, default=list, verbose_name='sources read')),
                ('source_errors', models.JSONField(blank=True, default=list, verbose_name='source errors')),
                ('details', models.JSONField(blank=True, default=dict, verbose_name='details')),
            ],
            options={
                'verbose_name': 'harvest',
                'verbose_name_plural': 'harvests',
                'ordering': ('-queued_at', '-pk'),
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('previewed', 'Waiting for confirmation'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('progress_done', models.PositiveIntegerField(default=0, verbose_name='done')),
                ('progress_total', models.PositiveIntegerField(default=0, verbose_name='out of')),
                ('progress_unit', models.CharField(blank=True, max_length=20, verbose_name='counting')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('queued_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='queued')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='created')),
                ('merged', models.PositiveIntegerField(default=0, verbose_name='merged')),
                ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                ('pending', models.PositiveIntegerField(default=0, verbose_name='pending review')),
                ('skipped', models.PositiveIntegerField(default=0, verbose_name='skipped')),
                ('stage', models.CharField(choices=[('preview', 'Preview'), ('import', 'Import')], default='preview', max_length=10, verbose_name='stage')),
                ('upload', models.FileField(blank=True, storage=publications.runs._private_storage, upload_to='imports/%Y/%m/', verbose_name='file')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('file_format', models.CharField(blank=True, max_length=20, verbose_name='format')),
                ('approve', models.BooleanField(default=True, verbose_name='approve directly')),
                ('report', models.JSONField(blank=True, default=dict, verbose_name='report')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'ordering': ('-queued_at', '-pk'),
                'abstract': False,
            },
        ),
        migrations.RemoveConstraint(
            model_name='release',
            name='release_source_valid',
        ),
        # Added, filled, then indexed: building the index once is faster than keeping it filled.
        migrations.AddField(
            model_name='publication',
            name='title_key',
            field=models.CharField(default='', editable=False, max_length=500),
        ),
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='publication',
            name='title_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=500),
        ),
        migrations.RunPython(create_schedule, delete_schedule),
        migrations.RunPython(let_editors_follow_jobs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='release',
            name='source',
            field=models.CharField(choices=[('bibtex', 'BibTeX file'), ('dblp', 'DBLP'), ('openalex', 'OpenAlex'), ('orcid', 'ORCID'), ('crossref', 'Crossref'), ('arxiv', 'arXiv'), ('manual', 'Entered by staff')], default='manual', max_length=10, verbose_name='source'),
        ),
        migrations.AddConstraint(
            model_name='release',
            constraint=models.CheckConstraint(condition=models.Q(('source__in', ['bibtex', 'dblp', 'openalex', 'orcid', 'crossref', 'arxiv', 'manual'])), name='release_source_valid'),
        ),
        migrations.AddField(
            model_name='harvestjob',
            name='member',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='harvest_jobs', to='members.member', verbose_name='member'),
        ),
        migrations.AddField(
            model_name='harvestjob',
            name='started_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='member',
            field=models.ForeignKey(blank=True, help_text='The member whose publication list this is, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_jobs', to='members.member', verbose_name='member'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='started_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.AddIndex(
            model_name='harvestjob',
            index=models.Index(fields=['member', '-queued_at'], name='harvestjob_member_idx'),
        ),
        migrations.AddConstraint(
            model_name='harvestjob',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='harvestjob_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='harvestjob',
            constraint=models.CheckConstraint(condition=models.Q(('trigger__in', ['staff', 'schedule', 'command'])), name='harvestjob_trigger_valid'),
        ),
        migrations.AddConstraint(
            model_name='importjob',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'previewed', 'done', 'failed'])), name='importjob_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='importjob',
            constraint=models.CheckConstraint(condition=models.Q(('stage__in', ['preview', 'import'])), name='importjob_stage_valid'),
        ),
    ]

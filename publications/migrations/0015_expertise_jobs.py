"""Expertise computations as jobs: their records, the members whose expertise awaits a
refresh, and the nightly computation of every member on the schedule."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


# As staff find it in the admin (Periodic tasks), where they can change or pause it.
NIGHTLY = ("Compute every member's expertise", "publications.tasks.compute_expertise_of_everyone")


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # 03:30 in the institute's time zone: after the day's imports, before anyone looks.
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    name, task = NIGHTLY
    PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def delete_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=NIGHTLY[1]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('django_celery_beat', '0019_alter_periodictasks_options'),
        ('members', '0010_identifier_indexes'),
        ('publications', '0014_review_and_flag_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StaleExpertise',
            fields=[
                ('member', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='members.member', verbose_name='member')),
                ('noted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='changed')),
            ],
            options={
                'verbose_name': 'member whose expertise awaits a refresh',
                'verbose_name_plural': 'members whose expertise awaits a refresh',
                'ordering': ('noted_at',),
            },
        ),
        migrations.CreateModel(
            name='ExpertiseJob',
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
                ('trigger', models.CharField(choices=[('staff', 'Staff, from the admin'), ('schedule', 'The schedule'), ('command', 'The compute_expertise command'), ('changes', "Changes of members' topics or publications")], default='staff', max_length=10, verbose_name='started from')),
                ('everyone', models.BooleanField(default=True, verbose_name='every published member')),
                ('member_ids', models.JSONField(blank=True, default=list, verbose_name='members')),
                ('stage', models.CharField(blank=True, max_length=20, verbose_name='stage')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                ('started_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
            ],
            options={
                'verbose_name': 'expertise computation',
                'verbose_name_plural': 'expertise computations',
                'ordering': ('-queued_at', '-pk'),
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='expertisejob_status_valid'), models.CheckConstraint(condition=models.Q(('trigger__in', ['staff', 'schedule', 'command', 'changes'])), name='expertisejob_trigger_valid')],
            },
        ),
        # The unique (member, term) and (member, other) indexes serve lookups by member.
        migrations.AlterField(
            model_name='expertiseterm',
            name='member',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='expertise_terms', to='members.member', verbose_name='member'),
        ),
        migrations.AlterField(
            model_name='similarmember',
            name='member',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='similar_members', to='members.member', verbose_name='member'),
        ),
        migrations.RunPython(create_schedule, delete_schedule),
    ]

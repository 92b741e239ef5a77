"""The DBLP person id accepts only the shapes DBLP gives people (members.validators).

A function rather than a regular expression in the field: later changes to the accepted
shapes need no migration. Nothing changes in the database.
"""

import members.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_topic_member_counts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalmember',
            name='dblp_pid',
            field=models.CharField(blank=True, max_length=80, validators=[members.validators.validate_dblp_pid], verbose_name='DBLP person id'),
        ),
        migrations.AlterField(
            model_name='member',
            name='dblp_pid',
            field=models.CharField(blank=True, max_length=80, validators=[members.validators.validate_dblp_pid], verbose_name='DBLP person id'),
        ),
    ]

# Review of harvested publications (existing rows stay approved), dblp and OpenAlex ids for
# matching, and per-profile hiding and featuring of authorships.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0001_initial'),
        ('publications', '0002_directory_editors_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='authorship',
            name='featured',
            field=models.BooleanField(default=False, help_text="Shown at the top of the member's profile; three at most per member.", verbose_name='featured'),
        ),
        migrations.AddField(
            model_name='authorship',
            name='hidden_from_profile',
            field=models.BooleanField(default=False, help_text='Tick when the paper was wrongly attributed to this member.', verbose_name='hidden from the profile'),
        ),
        migrations.AddField(
            model_name='publication',
            name='dblp_key',
            field=models.CharField(blank=True, help_text='Such as conf/iclr/SmithD24.', max_length=120, verbose_name='DBLP key'),
        ),
        migrations.AddField(
            model_name='publication',
            name='openalex_id',
            field=models.CharField(blank=True, help_text='Such as W3174427814.', max_length=20, verbose_name='OpenAlex id'),
        ),
        migrations.AddField(
            model_name='publication',
            name='review_status',
            field=models.CharField(choices=[('pending', 'Pending review'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='approved', help_text='Harvested publications wait for review; visitors see approved ones only.', max_length=10, verbose_name='review'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.UniqueConstraint(condition=models.Q(('dblp_key', ''), _negated=True), fields=('dblp_key',), name='publication_dblp_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.UniqueConstraint(condition=models.Q(('openalex_id', ''), _negated=True), fields=('openalex_id',), name='publication_openalex_unique'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(('review_status__in', ['pending', 'approved', 'rejected'])), name='publication_review_status_valid'),
        ),
    ]

"""Notice, window and programme sectors point at taxonomy.Sector: state only."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='fundingwindow',
            name='sectors',
            field=models.ManyToManyField(blank=True, help_text='Leave empty when every sector may apply.', related_name='funding_windows', to='taxonomy.sector', verbose_name='eligible sectors'),
        ),
        migrations.AlterField(
            model_name='policynotice',
            name='sectors',
            field=models.ManyToManyField(blank=True, related_name='policy_notices', to='taxonomy.sector', verbose_name='sectors'),
        ),
        migrations.AlterField(
            model_name='trainingprogramme',
            name='sectors',
            field=models.ManyToManyField(blank=True, related_name='programmes', to='taxonomy.sector', verbose_name='sectors'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]

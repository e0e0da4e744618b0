"""Sectors of interest point at taxonomy.Sector: state only, the table is the same."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_invitation_sent_at_and_more'),
        ('taxonomy', '0001_initial'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='user',
            name='sectors_of_interest',
            field=models.ManyToManyField(blank=True, related_name='interested_users', to='taxonomy.sector', verbose_name='sectors of interest'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]

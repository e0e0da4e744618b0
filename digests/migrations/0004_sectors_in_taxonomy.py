"""Digest sector filters point at taxonomy.Sector: state only, the table is the same."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('digests', '0003_fewer_delivery_indexes'),
        ('taxonomy', '0001_initial'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='digestpreference',
            name='sectors',
            field=models.ManyToManyField(blank=True, related_name='+', to='taxonomy.sector', verbose_name='sectors'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]

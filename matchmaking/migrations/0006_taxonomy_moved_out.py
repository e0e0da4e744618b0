"""The vocabularies now live in taxonomy: profiles and introductions point there, and
matchmaking's state forgets the models. No table is touched (the rows stay where they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_sectors_in_taxonomy'),
        ('digests', '0004_sectors_in_taxonomy'),
        ('matchmaking', '0005_introduction_mail_claims'),
        ('programs', '0002_sectors_in_taxonomy'),
        ('taxonomy', '0001_initial'),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name='capability',
            name='sector',
        ),
        migrations.DeleteModel(
            name='Certification',
        ),
        migrations.DeleteModel(
            name='Market',
        ),
        migrations.AlterField(
            model_name='introduction',
            name='partnership_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='taxonomy.partnershiptype', verbose_name='partnership type'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='capabilities_offered',
            field=models.ManyToManyField(blank=True, related_name='offered_by', to='taxonomy.capability', verbose_name='capabilities offered'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='capabilities_sought',
            field=models.ManyToManyField(blank=True, related_name='sought_by', to='taxonomy.capability', verbose_name='capabilities sought'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='certifications_held',
            field=models.ManyToManyField(blank=True, related_name='held_by', to='taxonomy.certification', verbose_name='certifications held'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='certifications_required',
            field=models.ManyToManyField(blank=True, related_name='required_by', to='taxonomy.certification', verbose_name='certifications required of a partner'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='partnership_types',
            field=models.ManyToManyField(blank=True, related_name='profiles', to='taxonomy.partnershiptype', verbose_name='partnership types sought'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='sectors',
            field=models.ManyToManyField(blank=True, related_name='profiles', to='taxonomy.sector', verbose_name='sectors'),
        ),
        migrations.AlterField(
            model_name='partnerprofile',
            name='target_markets',
            field=models.ManyToManyField(blank=True, related_name='profiles', to='taxonomy.market', verbose_name='target markets'),
        ),
        migrations.DeleteModel(
            name='Capability',
        ),
        migrations.DeleteModel(
            name='Sector',
        ),
        migrations.DeleteModel(
            name='PartnershipType',
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]

"""The vocabularies move here from matchmaking: Django's state only, the tables stay (db_table)."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["sector", "capability", "certification", "partnershiptype", "market"]


def relabel_content_types(apps, schema_editor):
    """Admin log entries and permissions follow the models (existing databases only)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="taxonomy", model=model).exists():
            ContentType.objects.filter(app_label="matchmaking", model=model).update(
                app_label="taxonomy"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="taxonomy", model__in=MOVED).update(
        app_label="matchmaking"
    )


class Migration(migrations.Migration):

    initial = True

    # The tables were created by matchmaking's migrations; this one takes over their state.
    dependencies = [
        ('matchmaking', '0005_introduction_mail_claims'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Certification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name_en', models.CharField(max_length=160, verbose_name='name (English)')),
                ('name_ja', models.CharField(blank=True, max_length=160, verbose_name='name (Japanese)')),
                ('name_hi', models.CharField(blank=True, max_length=160, verbose_name='name (Hindi)')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'certification',
                'verbose_name_plural': 'certifications',
                'db_table': 'matchmaking_certification',
                'ordering': ['position', 'name_en'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Market',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name_en', models.CharField(max_length=160, verbose_name='name (English)')),
                ('name_ja', models.CharField(blank=True, max_length=160, verbose_name='name (Japanese)')),
                ('name_hi', models.CharField(blank=True, max_length=160, verbose_name='name (Hindi)')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'market',
                'verbose_name_plural': 'markets',
                'db_table': 'matchmaking_market',
                'ordering': ['position', 'name_en'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PartnershipType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name_en', models.CharField(max_length=160, verbose_name='name (English)')),
                ('name_ja', models.CharField(blank=True, max_length=160, verbose_name='name (Japanese)')),
                ('name_hi', models.CharField(blank=True, max_length=160, verbose_name='name (Hindi)')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'partnership type',
                'verbose_name_plural': 'partnership types',
                'db_table': 'matchmaking_partnershiptype',
                'ordering': ['position', 'name_en'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Sector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True)),
                ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                ('name_ja', models.CharField(blank=True, max_length=120, verbose_name='name (Japanese)')),
                ('name_hi', models.CharField(blank=True, max_length=120, verbose_name='name (Hindi)')),
                ('nic_division', models.CharField(blank=True, max_length=4, verbose_name='NIC-2008 division')),
                ('jsic_division', models.CharField(blank=True, max_length=4, verbose_name='JSIC division')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'sector',
                'verbose_name_plural': 'sectors',
                'db_table': 'matchmaking_sector',
                'ordering': ['position', 'name_en'],
            },
        ),
        migrations.CreateModel(
            name='Capability',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name_en', models.CharField(max_length=160, verbose_name='name (English)')),
                ('name_ja', models.CharField(blank=True, max_length=160, verbose_name='name (Japanese)')),
                ('name_hi', models.CharField(blank=True, max_length=160, verbose_name='name (Hindi)')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('sector', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='capabilities', to='taxonomy.sector', verbose_name='sector')),
            ],
            options={
                'verbose_name': 'capability',
                'verbose_name_plural': 'capabilities',
                'db_table': 'matchmaking_capability',
                'ordering': ['sector__position', 'position', 'name_en'],
                'abstract': False,
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]

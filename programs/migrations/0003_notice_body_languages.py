"""Notice bodies in each language, like titles and summaries: body -> body_en, plus ja and hi.

Revisions keep the three bodies too. Existing bodies were written in English (the form had one
English-labelled body field), so they become body_en without copying.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_sectors_in_taxonomy"),
    ]

    operations = [
        migrations.RenameField(model_name="policynotice", old_name="body", new_name="body_en"),
        migrations.AlterField(
            model_name="policynotice",
            name="body_en",
            field=models.TextField(blank=True, verbose_name="body in English (markdown)"),
        ),
        migrations.AddField(
            model_name="policynotice",
            name="body_ja",
            field=models.TextField(blank=True, verbose_name="body in Japanese (markdown)"),
        ),
        migrations.AddField(
            model_name="policynotice",
            name="body_hi",
            field=models.TextField(blank=True, verbose_name="body in Hindi (markdown)"),
        ),
        migrations.RenameField(model_name="noticerevision", old_name="body", new_name="body_en"),
        migrations.AddField(
            model_name="noticerevision",
            name="body_ja",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="noticerevision",
            name="body_hi",
            field=models.TextField(blank=True),
        ),
    ]

"""Notice bodies in each language, like titles and summaries: body -> body_en, plus ja and hi;
and the models' names and plurals for the admin.

Revisions keep the three bodies too. Existing bodies were written in English (the form had one
English-labelled body field), so they become body_en without copying.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_noticeread"),
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
        # Names and plurals for the admin, so it reads e.g. 政策通知 rather than 政策通知s.
        migrations.AlterModelOptions(
            name="enrolment",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "enrolment",
                "verbose_name_plural": "enrolments",
            },
        ),
        migrations.AlterModelOptions(
            name="expressionofinterest",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "expression of interest",
                "verbose_name_plural": "expressions of interest",
            },
        ),
        migrations.AlterModelOptions(
            name="fundingwindow",
            options={
                "ordering": ["closes_at", "id"],
                "verbose_name": "funding window",
                "verbose_name_plural": "funding windows",
            },
        ),
        migrations.AlterModelOptions(
            name="noticeattachment",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "notice attachment",
                "verbose_name_plural": "notice attachments",
            },
        ),
        migrations.AlterModelOptions(
            name="noticerevision",
            options={
                "ordering": ["notice", "number"],
                "verbose_name": "notice revision",
                "verbose_name_plural": "notice revisions",
            },
        ),
        migrations.AlterModelOptions(
            name="policynotice",
            options={
                "ordering": ["-published_at", "-id"],
                "verbose_name": "policy notice",
                "verbose_name_plural": "policy notices",
            },
        ),
        migrations.AlterModelOptions(
            name="trainingprogramme",
            options={
                "ordering": ["-published_at", "-id"],
                "verbose_name": "training programme",
                "verbose_name_plural": "training programmes",
            },
        ),
        migrations.AlterModelOptions(
            name="trainingsession",
            options={
                "ordering": ["starts_at", "id"],
                "verbose_name": "training session",
                "verbose_name_plural": "training sessions",
            },
        ),
    ]

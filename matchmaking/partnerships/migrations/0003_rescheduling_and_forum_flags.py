"""A meeting can be waiting for a new time to be accepted (`rescheduling`); reported
messages become the forum's flags (copied over, then `MessageReport` goes); new-message mail
is the notification centre's now, so `MessageMail` goes."""

from django.db import migrations, models


def reports_to_flags(apps, schema_editor):
    MessageReport = apps.get_model("partnerships", "MessageReport")
    Flag = apps.get_model("discussions", "Flag")
    ContentType = apps.get_model("contenttypes", "ContentType")
    message_type, _created = ContentType.objects.get_or_create(
        app_label="partnerships", model="message"
    )
    Flag.objects.bulk_create(
        [
            Flag(
                target_type=message_type,
                target_id=report.message_id,
                flagger_id=report.reporter_id,
                reason=report.reason,
                note=report.note,
                status=report.status,
                created_at=report.created_at,
                resolved_at=report.resolved_at,
                resolved_by_id=report.resolved_by_id,
            )
            for report in MessageReport.objects.all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("discussions", "0002_flag_targets"),
        ("partnerships", "0002_open_accepted_conversations"),
    ]

    # MessageReport goes with one DeleteModel (no RemoveField of its fields first): migrating
    # back recreates it whole, with the constraint that names those fields.
    operations = [
        migrations.RunPython(reports_to_flags, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Proposed"),
                    ("accepted", "Accepted"),
                    ("rescheduling", "New time proposed"),
                    ("cancelled", "Cancelled"),
                ],
                default="proposed",
                max_length=12,
            ),
        ),
        migrations.DeleteModel(
            name="MessageMail",
        ),
        migrations.DeleteModel(
            name="MessageReport",
        ),
    ]

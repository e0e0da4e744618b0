"""Introductions accepted before conversations existed get theirs (the service does the rest)."""

from django.db import migrations


def open_conversations(apps, schema_editor):
    Introduction = apps.get_model("matchmaking", "Introduction")
    Conversation = apps.get_model("partnerships", "Conversation")
    for introduction in Introduction.objects.filter(status="accepted", conversation__isnull=True):
        Conversation.objects.create(
            introduction=introduction,
            organisation_a_id=introduction.from_organisation_id,
            organisation_b_id=introduction.to_organisation_id,
            created_at=introduction.responded_at or introduction.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(open_conversations, migrations.RunPython.noop)]

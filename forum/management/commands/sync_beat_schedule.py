"""Write settings.CELERY_BEAT_SCHEDULE into django-celery-beat's tables.

Creates missing periodic tasks and leaves the schedules of existing ones alone, so admins' changes
in the admin survive restarts; only the task an entry runs follows the code (a renamed task).
"""

from __future__ import annotations

import json

from celery.schedules import crontab
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the default periodic tasks (nightly matching, digests) if missing."

    def handle(self, *args, **options) -> None:
        from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

        created = 0
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            existing = PeriodicTask.objects.filter(name=name)
            if existing.exists():
                # The schedule is the admins' to change; which task runs is the code's.
                existing.exclude(task=entry["task"]).update(task=entry["task"])
                continue
            schedule = entry["schedule"]
            kwargs: dict = {}
            if isinstance(schedule, crontab):
                kwargs["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    minute=schedule._orig_minute,
                    hour=schedule._orig_hour,
                    day_of_week=schedule._orig_day_of_week,
                    day_of_month=schedule._orig_day_of_month,
                    month_of_year=schedule._orig_month_of_year,
                    timezone="UTC",
                )
            else:
                seconds = int(
                    schedule.total_seconds() if hasattr(schedule, "total_seconds") else schedule
                )
                kwargs["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=seconds, period=IntervalSchedule.SECONDS
                )
            PeriodicTask.objects.create(
                name=name,
                task=entry["task"],
                kwargs=json.dumps(entry.get("kwargs", {})),
                expire_seconds=entry.get("options", {}).get("expire_seconds"),
                **kwargs,
            )
            created += 1
        self.stdout.write(
            f"periodic tasks: {created} created, {len(settings.CELERY_BEAT_SCHEDULE) - created} kept"
        )

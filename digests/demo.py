"""Demo data: digest preferences for every demo account (idempotent: existing rows are kept).

Demo people get a daily digest so that `make run` shows one the next 08:00 in their zone; the
admin can preview it at once at /digests/preview/<id>/.
"""

from __future__ import annotations

from accounts.models import User
from digests.models import DigestPreference, Frequency
from digests.services import preferences_ensure


def seed(stdout=None) -> None:

    demo = User.objects.filter(email__endswith="@demo.ijsme.example")
    created = preferences_ensure(user_ids=demo.values_list("pk", flat=True))
    if created:
        DigestPreference.objects.filter(user__in=demo, frequency=Frequency.WEEKLY).update(
            frequency=Frequency.DAILY
        )
    if stdout is not None:
        stdout.write(f"digests: {created} demo digest preferences created")

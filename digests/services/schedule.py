"""The schedule: who is due at this tick, in their own time zone.

Daily digests are due once the recipient's local clock has reached 08:00 on their local date
(the period); weekly ones on a local Monday from 08:00. Due rows are INSERTed with
ON CONFLICT DO NOTHING on the (person, kind, period) unique constraint, so two ticks racing
create each delivery once, and a period is never due twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from digests.models import Delivery, DeliveryStatus, DigestPreference, DigestRun
from digests.services.preferences import preferences_ensure

SEND_AT = time(8, 0)
MONDAY = 1  # PostgreSQL isodow

_DUE_SQL = """
INSERT INTO {delivery} (user_id, kind, period, run_id, status, window_end, email, attempts,
                        item_count, error, created_at)
SELECT u.id, p.frequency, (%(now)s AT TIME ZONE u.timezone)::date, %(run)s, 'pending',
       %(now)s, u.email, 0, 0, '', %(now)s
FROM {preference} p
JOIN {user} u ON u.id = p.user_id
WHERE p.frequency IN ('daily', 'weekly')
  AND u.is_active
  AND (u.suspended_until IS NULL OR u.suspended_until <= %(now)s)
  AND (p.bounced_email = '' OR lower(p.bounced_email) <> lower(u.email))
  AND u.timezone IN (SELECT name FROM pg_timezone_names)
  AND EXISTS (SELECT 1 FROM {email} e WHERE e.user_id = u.id AND e.verified
              AND lower(e.email) = lower(u.email))
  AND (%(now)s AT TIME ZONE u.timezone)::time >= %(send_at)s
  AND (p.frequency = 'daily'
       OR extract(isodow FROM (%(now)s AT TIME ZONE u.timezone)) = %(monday)s)
ON CONFLICT (user_id, kind, period) DO NOTHING
"""


@dataclass
class TickResult:
    run: DigestRun
    batches: list[list[int]]


def _tables() -> dict[str, str]:
    from allauth.account.models import EmailAddress

    return {
        "delivery": Delivery._meta.db_table,
        "preference": DigestPreference._meta.db_table,
        "user": User._meta.db_table,
        "email": EmailAddress._meta.db_table,
    }


def deliveries_recover(*, now: datetime) -> int:
    """Rows left in 'sending' by a worker that died mid-message become 'unknown'.

    The message may or may not have been accepted by the SMTP server; the portal promises
    "never sent twice", so they are NOT resent (unless DIGEST_RESEND_INTERRUPTED is on, which
    trades that for "never lost"). Admins see them counted on the runs page.
    """
    lease = timedelta(seconds=settings.DIGEST_SENDING_LEASE_SECONDS)
    stale = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease)
    if settings.DIGEST_RESEND_INTERRUPTED:
        return stale.update(status=DeliveryStatus.RETRY, error="interrupted while sending")
    return stale.update(
        status=DeliveryStatus.UNKNOWN, finished_at=now, error="interrupted while sending"
    )


def digest_schedule(*, now: datetime | None = None, batch_size: int | None = None) -> TickResult:
    """Create this tick's due deliveries and return batches of pending delivery ids.

    Pending rows from earlier ticks (a killed or lost batch) are fanned out again; sending
    claims each row conditionally, so a row fanned out twice is still sent once.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.DIGEST_BATCH_SIZE
    preferences_ensure()
    recovered = deliveries_recover(now=now)
    with transaction.atomic():
        run = DigestRun.objects.create(now=now, recovered=recovered)
        with connection.cursor() as cursor:
            cursor.execute(
                _DUE_SQL.format(**_tables()),
                # django-stubs' SQL parameter types leave out datetime.time; psycopg adapts it.
                {"now": now, "run": run.pk, "send_at": SEND_AT, "monday": MONDAY},  # type: ignore[dict-item]
            )
            created = cursor.rowcount
    # Retry rows are re-sent by their own task's countdown; pending rows are fanned out here.
    pending = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING)
        .order_by("user_id")
        .values_list("pk", flat=True)
    )
    batches = [pending[i : i + batch_size] for i in range(0, len(pending), batch_size)]
    Delivery.objects.filter(pk__in=pending).exclude(run=run).update(run=run)
    DigestRun.objects.filter(pk=run.pk).update(created=created, batches=len(batches))
    run.created, run.batches = created, len(batches)
    return TickResult(run=run, batches=batches)


def digest_run_finish(*, run_id: int, now: datetime | None = None) -> None:
    """Stamp the run finished when none of its deliveries is still pending or sending."""
    open_rows = Delivery.objects.filter(
        run_id=run_id,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRY],
    )
    if not open_rows.exists():
        DigestRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
            finished_at=now or timezone.now()
        )

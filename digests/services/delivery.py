"""Sending one batch of digests over ONE SMTP connection, each exactly once.

Protocol per message (docs/digests.md): the message is built first; then one database round
trip marks the PREVIOUS message sent and claims THIS one (`status` pending/retry → sending,
conditional, so a row claimed elsewhere or already sent is skipped); then the message goes
over SMTP. A worker killed mid-run leaves at most one row in 'sending' — the message whose
SMTP conversation was in flight (or that was accepted but not yet recorded). The tick turns
such rows into 'unknown' and never resends them: no duplicate, at the price of that one row.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection
from django.utils import timezone, translation

from accounts.notifications.services import notifications_mark_digested
from digests import selectors
from digests.models import Delivery, DeliveryStatus, DigestPreference, Frequency
from digests.planner import Planned, batch_plan
from digests.render import DigestMessage, Renderer, shared_renderer
from digests.services.claims import Claim, claims_for_batch
from digests.services.preferences import preference_get_or_create
from digests.services.smtp import Conversation, envelope_address

_CLOSE = (
    "UPDATE {t} SET status = %s, finished_at = %s, window_start = data.since, error = %s "
    "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::timestamptz[]) AS since) AS data "
    "WHERE {t}.id = data.id AND {t}.status IN ('pending', 'retry') RETURNING {t}.id"
)

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    bounced: int = 0
    unknown: int = 0
    retry_ids: list[int] = field(default_factory=list)


class ReplyLost(Exception):
    """The whole message, final "." included, went out and the connection broke before the
    server's reply: it may have been taken (RFC 1047's duplicate), so it is not resent."""


def digest_preview(*, user, now: datetime | None = None):
    """The next digest of `user` as it would be sent now (an EmailMultiAlternatives), or None
    when there is nothing new. Writes nothing."""
    preference = preference_get_or_create(user=user)
    user.digest_preference = preference
    kind = preference.frequency if preference.frequency != Frequency.OFF else Frequency.WEEKLY
    preference.frequency = kind  # in memory only: admins preview even a paused digest
    row = Delivery(
        pk=0,
        user=user,
        kind=kind,
        period=(now or timezone.now()).date(),
        window_end=now or timezone.now(),
    )
    planned, _closed = batch_plan(rows=[row])
    if not planned:
        return None
    plan = planned[0]
    with translation.override(plan.recipient.language):
        return Renderer().build(plan.recipient, plan.items, plan.personal).as_email_message()


def deliveries_close(*, closed: list[tuple[int, datetime, str]], status: str, now: datetime) -> int:
    """Close rows that get no mail (nothing new / unsubscribed) in one conditional UPDATE."""
    if not closed:
        return 0
    total = 0
    by_reason: dict[str, list[tuple[int, datetime]]] = {}
    for delivery_id, since, reason in closed:
        by_reason.setdefault(reason, []).append((delivery_id, since))
    with connection.cursor() as cursor:
        for reason, pairs in by_reason.items():
            cursor.execute(
                _CLOSE.format(t=Delivery._meta.db_table),
                [status, now, reason, [p[0] for p in pairs], [p[1] for p in pairs]],
            )
            total += len(cursor.fetchall())
    return total


def _classify(exc: Exception) -> tuple[bool, str]:
    """(permanent?, text) for an SMTP failure of one recipient."""
    reply: bytes | str
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()))
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return code >= 500, f"{code} {text}"[:500]
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return exc.smtp_code >= 500, f"{exc.smtp_code} {text}"[:500]
    return False, f"{type(exc).__name__}: {exc}"[:500]


def _record_failure(row: Delivery, *, permanent: bool, error: str, now: datetime) -> str:
    """Per-recipient failure: 5xx marks the address; 4xx retries until max_attempts."""
    attempts = row.attempts + 1  # the claim incremented it in the database
    if permanent:
        status = DeliveryStatus.BOUNCED
        DigestPreference.objects.filter(user_id=row.user_id).update(
            bounced_email=row.user.email, bounced_at=now, bounce_reason=error[:300]
        )
    elif attempts >= settings.DIGEST_MAX_ATTEMPTS:
        status = DeliveryStatus.FAILED
    else:
        status = DeliveryStatus.RETRY
    Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
        status=status, error=error, finished_at=now
    )
    return status


def _remember_reported_partners(planned: list[Planned], sent_ids: set[int]) -> None:
    """Matches announced in a sent digest are not announced again (one bulk UPDATE)."""
    changed = []
    for plan in planned:
        refs = [item.ref for item in plan.personal if item.section == "matches"]
        if refs and plan.delivery.pk in sent_ids:
            preference = plan.delivery.user.digest_preference
            preference.reported_partner_ids = (preference.reported_partner_ids + refs)[-500:]
            changed.append(preference)
    if changed:
        DigestPreference.objects.bulk_update(changed, ["reported_partner_ids"])


def _mark_notifications_digested(planned: list[Planned], sent_ids: set[int], now: datetime) -> None:
    """Notifications carried by a sent digest are claimed, so no later digest repeats them."""
    ids = [
        item.ref
        for plan in planned
        if plan.delivery.pk in sent_ids
        for item in plan.personal
        if item.section == "notifications"
    ]
    if ids:
        notifications_mark_digested(notification_ids=ids, at=now)


def deliveries_send(
    *, delivery_ids: list[int], now: datetime | None = None, renderer: Renderer | None = None
) -> BatchResult:
    """Render and send one batch over one SMTP connection; see the module docstring."""
    now = now or timezone.now()
    renderer = renderer or shared_renderer()
    result = BatchResult()
    planned, closed = batch_plan(rows=selectors.batch_deliveries(delivery_ids))
    result.skipped = deliveries_close(closed=closed, status=DeliveryStatus.SKIPPED, now=now)
    if not planned:
        return result
    backend = get_connection()
    try:
        backend.open()
        conversation = None
        if isinstance(backend, SMTPBackend):
            # open() (not fail_silently) either connected or raised: there is an SMTP session.
            conversation = Conversation(cast(smtplib.SMTP, backend.connection), renderer.from_email)
    except (smtplib.SMTPException, OSError) as exc:
        _, error = _classify(exc)
        Delivery.objects.filter(pk__in=[p.delivery.pk for p in planned]).filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
        ).update(error=error)
        result.retry_ids = [p.delivery.pk for p in planned]
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()
        return result
    # Same language and zone together: one translation switch per group, warm caches.
    planned.sort(key=lambda plan: (plan.recipient.language, plan.recipient.tz))
    eight_bit = conversation is None or conversation.eight_bit
    messages = _Lookahead(planned, renderer, eight_bit=eight_bit)
    claims = claims_for_batch()
    unsent_from = len(planned)
    previous: int | None = None
    sent_ids: set[int] = set()
    try:
        for index, plan in enumerate(planned):
            recipient = plan.recipient
            # None only past the end of `planned`, which `index` never is.
            message = cast("DigestMessage | Exception", messages.get(index))
            if isinstance(message, Exception):
                # This person's message could not be built (a bug, logged); the others go on.
                _count(result, _record_unbuilt(plan.delivery, message, now), plan.delivery.pk)
                continue
            count = len(plan.items) + len(plan.personal)
            claim = claims.submit(
                previous, [now, recipient.email, count, recipient.since, plan.delivery.pk]
            )
            previous = None
            try:
                if conversation is not None:
                    sent = _transmit(conversation, message, claim, messages, index)
                else:
                    sent = claim.result()
                    if sent:
                        backend.send_messages([message.as_email_message()])
            except ReplyLost as exc:
                if claim.result():
                    _record_reply_lost(plan.delivery, exc, now)
                    if settings.DIGEST_RESEND_INTERRUPTED:
                        result.retry_ids.append(plan.delivery.pk)
                    else:
                        result.unknown += 1
                unsent_from = index + 1
                break
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
                if claim.result():
                    permanent, error = _classify(exc)
                    status = _record_failure(
                        plan.delivery, permanent=permanent, error=error, now=now
                    )
                    _count(result, status, plan.delivery.pk)
            except (smtplib.SMTPException, OSError) as exc:
                # The connection broke before the server's reply: it has not taken the
                # message (RFC 5321 §4.1.1.4), so a retry is not a duplicate.
                if claim.result():
                    _, error = _classify(exc)
                    status = _record_failure(plan.delivery, permanent=False, error=error, now=now)
                    _count(result, status, plan.delivery.pk)
                unsent_from = index + 1
                break
            else:
                if sent:
                    previous = plan.delivery.pk
                    sent_ids.add(previous)
                    result.sent += 1
        if previous is not None:
            claims.record(previous, now)
    finally:
        claims.close()
        # A connection that is already gone cannot be closed; every row's state is recorded.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()
    result.retry_ids += [p.delivery.pk for p in planned[unsent_from:]]
    _remember_reported_partners(planned, sent_ids)
    _mark_notifications_digested(planned, sent_ids, now)
    return result


class _Lookahead:
    """Each recipient's message, built once: the send loop asks for the next one while the
    SMTP server is still taking the current one, so building overlaps the server's work."""

    def __init__(self, planned: list[Planned], renderer: Renderer, *, eight_bit: bool) -> None:
        self.planned, self.renderer, self.eight_bit = planned, renderer, eight_bit
        self.index: int | None = None
        self.message: DigestMessage | Exception | None = None

    def get(self, index: int) -> DigestMessage | Exception | None:
        """The message (its bytes in `payload`), the exception building it raised, or None
        past the end."""
        if index != self.index:
            self.index, self.message = index, None
            if index < len(self.planned):
                self.message = self._build(self.planned[index])
        return self.message

    def _build(self, plan: Planned) -> DigestMessage | Exception:
        recipient = plan.recipient
        try:
            with translation.override(recipient.language):
                message = self.renderer.build(recipient, plan.items, plan.personal)
            message.payload = message.as_bytes(eight_bit=self.eight_bit)
        except Exception as exc:  # one person's bug must not stop the batch
            logger.exception("digest for delivery %s could not be built", recipient.delivery_id)
            return exc
        return message


def _transmit(
    conversation: Conversation,
    message: DigestMessage,
    claim: Claim,
    messages: _Lookahead,
    index: int,
) -> bool:
    """MAIL and RCPT go while the claim's statement is in flight; DATA — the moment the server
    takes the message — only once the row is ours. Not ours: RSET, nothing sent. While the
    server takes the message, the next one is built."""
    conversation.envelope(envelope_address(message.to))
    if not claim.result():
        conversation.reset()
        return False
    conversation.send_data(message.payload)
    messages.get(index + 1)
    try:
        conversation.data_reply()
    except smtplib.SMTPResponseException:
        raise  # a real reply (4xx/5xx): the server did not take it
    except (smtplib.SMTPException, OSError) as exc:
        raise ReplyLost(str(exc)) from exc
    return True


def _record_reply_lost(row: Delivery, exc: ReplyLost, now: datetime) -> None:
    """Like a killed worker's row: `unknown`, never resent, unless DIGEST_RESEND_INTERRUPTED."""
    status = DeliveryStatus.RETRY if settings.DIGEST_RESEND_INTERRUPTED else DeliveryStatus.UNKNOWN
    Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
        status=status,
        error=f"connection lost after the message, before the reply: {exc}"[:500],
        finished_at=now,
    )


def _record_unbuilt(row: Delivery, exc: Exception, now: datetime) -> str:
    Delivery.objects.filter(
        pk=row.pk, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
    ).update(
        status=DeliveryStatus.FAILED,
        error=f"could not build the message: {type(exc).__name__}: {exc}"[:500],
        finished_at=now,
    )
    return DeliveryStatus.FAILED


def _count(result: BatchResult, status: str, delivery_id: int) -> None:
    if status == DeliveryStatus.BOUNCED:
        result.bounced += 1
    elif status == DeliveryStatus.FAILED:
        result.failed += 1
    else:
        result.retry_ids.append(delivery_id)


def deliveries_give_up(*, delivery_ids: list[int], now: datetime | None = None) -> int:
    """After the task's last retry: rows still waiting become 'failed' (visible to admins)."""
    return Delivery.objects.filter(
        pk__in=delivery_ids, status__in=[DeliveryStatus.RETRY, DeliveryStatus.PENDING]
    ).update(status=DeliveryStatus.FAILED, finished_at=now or timezone.now())

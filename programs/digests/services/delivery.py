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
import smtplib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection
from django.utils import timezone, translation

from programs.digests import content, selectors
from programs.digests.models import Delivery, DeliveryStatus, DigestPreference, Frequency
from programs.digests.render import Recipient, Renderer, shared_renderer

# The two statements of the send loop, prepared once per database connection.
_PREPARED = {
    "digests_record": (
        "(timestamptz, bigint)",
        "UPDATE {t} SET status = 'sent', finished_at = $1 WHERE id = $2 AND status = 'sending'",
    ),
    "digests_claim": (
        "(timestamptz, text, integer, timestamptz, bigint)",
        "UPDATE {t} SET status = 'sending', claimed_at = $1, attempts = attempts + 1, "
        "email = $2, item_count = $3, window_start = $4, error = '' "
        "WHERE id = $5 AND status IN ('pending', 'retry') RETURNING id",
    ),
}
_CLOSE = (
    "UPDATE {t} SET status = %s, finished_at = %s, window_start = data.since, error = %s "
    "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::timestamptz[]) AS since) AS data "
    "WHERE {t}.id = data.id AND {t}.status IN ('pending', 'retry') RETURNING {t}.id"
)

FIRST_DIGEST_COVERS = timedelta(days=7)
PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
SECTIONS_OF = {
    "include_notices": {"notices"},
    "include_windows": {"windows", "closing"},
    "include_programmes": {"programmes"},
    "include_matches": {"matches"},
    "include_threads": {"threads"},
}


def max_attempts() -> int:
    return getattr(settings, "DIGEST_MAX_ATTEMPTS", 4)


@dataclass
class Planned:
    delivery: Delivery
    recipient: Recipient
    items: list[content.Item]
    personal: list[content.PersonalItem]


@dataclass
class BatchResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    bounced: int = 0
    retry_ids: list[int] = field(default_factory=list)


def _sections(preference: DigestPreference) -> set[str]:
    chosen: set[str] = set()
    for flag, sections in SECTIONS_OF.items():
        if getattr(preference, flag):
            chosen |= sections
    return chosen


def batch_plan(*, rows: list[Delivery]) -> tuple[list[Planned], list[tuple[int, datetime, str]]]:
    """What each delivery of the batch will contain, loaded with a fixed number of queries
    (plus one per recipient only for matches / followed threads, which are personal).

    `rows` come from selectors.batch_deliveries (or an unsaved row, for the admin preview).
    Returns (messages to send, [(delivery id, window start, reason)] to close without mail).
    """
    if not rows:
        return [], []
    user_ids = [row.user_id for row in rows]
    previous = selectors.previous_window_ends(user_ids)
    sectors = selectors.preference_sector_ids(
        [row.user.digest_preference.pk for row in rows if _preference(row)]
    )
    since_of: dict[int, datetime] = {}
    for row in rows:
        period = PERIOD.get(row.kind, PERIOD[Frequency.WEEKLY])
        # A first digest covers the last week (a welcome summary); later ones start where the
        # previous one ended, looking back at most four periods (after a pause).
        first = row.window_end - max(period, FIRST_DIGEST_COVERS)
        since_of[row.pk] = max(previous.get(row.user_id, first), row.window_end - period * 4)
    until = max(row.window_end for row in rows)
    shared = content.shared_content_load(since=min(since_of.values()), until=until)

    wants_closing = [
        row
        for row in rows
        if _preference(row)
        and row.user.digest_preference.include_windows
        and row.user.organisation is not None
        and row.user.organisation.kind == "msme"
    ]
    eligible = content.eligible_closing_by_org(
        [row.user.organisation for row in wants_closing], shared.closing, until=until
    )
    profiles: dict[int, object] = {}
    profile_seen: dict[int, set] = {}
    profile_language: dict[int, str] = {}
    for row in rows:
        preference = _preference(row)
        profile = _profile(row)
        if preference and preference.include_matches and profile is not None:
            profiles[profile.pk] = profile
            profile_seen[profile.pk] = set(preference.reported_partner_ids)
            profile_language[profile.pk] = row.user.language
    matches = content.new_matches_by_profile(profiles, profile_seen, language_of=profile_language)

    planned: list[Planned] = []
    closed: list[tuple[int, datetime, str]] = []
    for row in rows:
        user, preference, since = row.user, _preference(row), since_of[row.pk]
        if preference is None or preference.frequency == Frequency.OFF:
            closed.append((row.pk, since, "unsubscribed"))
            continue
        if preference.bounced_email and preference.bounced_email.lower() == user.email.lower():
            closed.append((row.pk, since, "address refused earlier"))
            continue
        filters = content.Filters(
            sectors=sectors.get(preference.pk, frozenset()),
            countries=frozenset(preference.countries),
            regions=frozenset(preference.regions),
            instruments=frozenset(preference.instruments),
        )
        organisation = user.organisation
        items = content.select_for_recipient(
            shared=shared,
            since=since,
            filters=filters,
            sections=_sections(preference),
            eligible_window_ids=eligible.get(organisation.pk, set()) if organisation else set(),
        )
        personal: list[content.PersonalItem] = []
        profile = _profile(row)
        if profile is not None and preference.include_matches:
            personal += matches.get(profile.pk, [])
        if preference.include_threads:
            with translation.override(user.language):
                personal += content.thread_updates(user, since, row.window_end)
        news = personal or any(
            item.section != "closing" or content.closing_is_new(item, since) for item in items
        )
        if not news:
            closed.append((row.pk, since, ""))
            continue
        planned.append(
            Planned(
                delivery=row,
                recipient=Recipient(
                    delivery_id=row.pk,
                    user_id=user.pk,
                    email=user.email,
                    name=user.full_name or user.email.split("@")[0],
                    language=user.language if user.language in ("en", "ja", "hi") else "en",
                    tz=user.timezone,
                    kind=row.kind,
                    since=since,
                ),
                items=items,
                personal=personal,
            )
        )
    return planned, closed


def digest_preview(*, user, now: datetime | None = None):
    """The next digest of `user` as it would be sent now (an EmailMultiAlternatives), or None
    when there is nothing new. Writes nothing."""
    from programs.digests.services.preferences import preference_get_or_create

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


def _preference(row: Delivery) -> DigestPreference | None:
    try:
        return row.user.digest_preference
    except DigestPreference.DoesNotExist:
        return None


def _profile(row: Delivery):
    organisation = row.user.organisation
    if organisation is None:
        return None
    try:
        return getattr(organisation, "partner_profile", None)
    except Exception:
        return None


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
    elif attempts >= max_attempts():
        status = DeliveryStatus.FAILED
    else:
        status = DeliveryStatus.RETRY
    Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
        status=status, error=error, finished_at=now
    )
    return status


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
    raw_smtp = isinstance(backend, SMTPBackend)
    try:
        backend.open()
    except (smtplib.SMTPException, OSError) as exc:
        _, error = _classify(exc)
        Delivery.objects.filter(pk__in=[p.delivery.pk for p in planned]).filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
        ).update(error=error)
        result.retry_ids = [p.delivery.pk for p in planned]
        return result
    sender = sanitize_address(renderer.from_email, settings.DEFAULT_CHARSET)
    unsent_from = len(planned)
    previous: int | None = None
    sent_ids: set[int] = set()
    # Same language and zone together: one translation switch per group, warm caches.
    planned.sort(key=lambda plan: (plan.recipient.language, plan.recipient.tz))
    claimer = _Claimer(Delivery._meta.db_table)
    try:
        if raw_smtp:
            backend.connection.ehlo_or_helo_if_needed()
        for index, plan in enumerate(planned):
            recipient = plan.recipient
            with translation.override(recipient.language):
                message = renderer.build(recipient, plan.items, plan.personal)
            count = len(plan.items) + len(plan.personal)
            claim = claimer.submit(
                previous, [now, recipient.email, count, recipient.since, plan.delivery.pk]
            )
            previous = None
            try:
                if raw_smtp:
                    to = _envelope_address(recipient.email)
                    sent = _transmit(backend.connection, sender, to, message.as_bytes(), claim)
                else:
                    sent = claim.result()
                    if sent:
                        backend.send_messages([message.as_email_message()])
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
            claimer.record(previous, now)
    finally:
        claimer.close()
        # A connection that is already gone cannot be closed; every row's state is recorded.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()
    result.retry_ids += [p.delivery.pk for p in planned[unsent_from:]]
    _remember_reported_partners(planned, sent_ids)
    return result


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


def _envelope_address(address: str) -> str:
    """Plain ASCII addresses as they are (Django's full parse costs ~0.1 ms a message)."""
    if address.isascii() and not any(c in address for c in '\r\n<>"(),;'):
        return address
    return sanitize_address(address, settings.DEFAULT_CHARSET)


def _transmit(smtp: smtplib.SMTP, sender: str, to: str, payload: bytes, claim: Future) -> bool:
    """MAIL and RCPT go while the claim's round trip is in flight; DATA — the moment the
    server takes the message — only once the row is ours. Not ours: RSET, nothing sent."""
    try:
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(to)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.rset()
        raise
    if not claim.result():
        smtp.rset()
        return False
    code, reply = smtp.data(payload)
    if code != 250:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.rset()
        raise smtplib.SMTPDataError(code, reply)
    return True


_claim_pool: ThreadPoolExecutor | None = None


def _claim_thread() -> ThreadPoolExecutor:
    """One helper thread per worker process, kept for its life: a thread per batch would give
    each batch a fresh malloc arena and the worker's memory would grow batch after batch."""
    global _claim_pool
    if _claim_pool is None:
        _claim_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-claim")
    return _claim_pool


class _Claimer:
    """Record-previous-and-claim-next statements, run in a helper thread on the batch's own
    database connection (the main thread never touches it meanwhile: it waits for the result
    before its next query), so the round trip overlaps SMTP's MAIL and RCPT.
    """

    def __init__(self, table: str) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self._prepare(table)
        # DIGEST_CLAIM_IN_THREAD off: the claim runs inline before MAIL (one more blocking
        # round trip per message, no thread handoff) — better when the CPUs are saturated.
        self.threaded = getattr(settings, "DIGEST_CLAIM_IN_THREAD", True)
        self.pool = _claim_thread()
        self.async_commit = getattr(settings, "DIGEST_ASYNC_COMMIT", True)
        if self.async_commit:
            # Claims and records commit without waiting for the WAL flush (~3-8 ms each on a
            # cloud disk). Only a crash of the PostgreSQL server itself within ~0.6 s could
            # forget one — see docs/digests.md.
            self._execute("SET synchronous_commit TO off", [])

    def _prepare(self, table: str) -> None:
        """Server-side prepared statements (per connection): each message's statement is then
        neither parsed nor planned again — PostgreSQL shares the two cores with SMTP."""
        with self.raw.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM pg_prepared_statements WHERE name IN %s",
                [("digests_record", "digests_claim")],
            )
            have = {row[0] for row in cursor.fetchall()}
            for name, (types, sql) in _PREPARED.items():
                if name not in have:
                    cursor.execute(f"PREPARE {name} {types} AS {sql.format(t=table)}")
        self.record_sql = "EXECUTE digests_record (%s, %s)"
        self.claim_sql = "EXECUTE digests_claim (%s, %s, %s, %s, %s)"

    def _execute(self, sql: str, params: list) -> bool:
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.description is not None and cursor.fetchone() is not None

    def _run(self, previous: int | None, claim: list) -> bool:
        if previous is None:
            return self._execute(self.claim_sql, claim)
        return self._execute(f"{self.record_sql}; {self.claim_sql}", [claim[0], previous, *claim])

    def submit(self, previous: int | None, claim: list) -> Future:
        """Record `previous` as sent (if any) and claim the row of `claim`; True if claimed."""
        if self.threaded:
            return self.pool.submit(self._run, previous, claim)
        done: Future = Future()
        done.set_result(self._run(previous, claim))
        return done

    def record(self, previous: int, now: datetime) -> None:
        if self.threaded:
            self.pool.submit(self._execute, self.record_sql, [now, previous]).result()
        else:
            self._execute(self.record_sql, [now, previous])

    def close(self) -> None:
        if self.async_commit:
            with contextlib.suppress(Exception):
                self._execute("RESET synchronous_commit", [])


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

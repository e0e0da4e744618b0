"""Writes every published kind shares: save with search columns, publish, withdraw."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Organisation, OrgKind, User
from accounts.permissions import (
    acts_as_staff,
    check_can_moderate,
    check_can_publish,
    check_signed_in,
    has_mfa,
    is_signed_in,
)
from accounts.services import audit_record
from forum.i18n import first_filled_language
from forum.search import search_document, vector_from
from programs.models import Publishable, Status

P = TypeVar("P", bound=Publishable)

TEXT_LANGS = ("en", "ja", "hi")


def check_can_draft(user: User | AnonymousUser, *, kinds: tuple[str, ...]) -> Organisation | None:
    """Members of a regulator / financier may keep drafts before verification; staff with MFA
    may draft programmes in the forum's own name (organisation None)."""
    user = check_signed_in(user)
    if user.is_staff and "admin" in kinds and user.organisation_id is None:
        if not has_mfa(user):
            raise PermissionDenied(_("Turn on two-factor authentication before publishing."))
        check_can_moderate(user)  # staff powers need this session's second factor
        return None
    organisation = user.organisation
    if organisation is None or organisation.kind not in kinds:
        raise PermissionDenied(_("Your organisation cannot publish this kind of content."))
    return organisation


def check_can_publish_item(
    user: User | AnonymousUser, *, kinds: tuple[str, ...]
) -> Organisation | None:
    """Publishing needs a verified organisation and MFA (or an admin with MFA)."""
    user = check_signed_in(user)
    if user.is_staff and "admin" in kinds and user.organisation_id is None:
        return check_can_draft(user, kinds=kinds)
    return check_can_publish(user, kinds=tuple(k for k in kinds if k != "admin"))


def check_owns(user: User | AnonymousUser, item: Publishable) -> None:
    """Only the issuing organisation's members (or admins, for the forum's own items) edit."""
    user = check_signed_in(user)
    if item.organisation_id is None:
        if not acts_as_staff(user):
            raise PermissionDenied(_("Only admins can change this."))
        return
    if user.organisation_id != item.organisation_id:
        raise PermissionDenied(_("Only the issuing organisation can change this."))


def check_can_read(user: User | AnonymousUser | None, item: Publishable) -> None:
    """Drafts are visible only to the issuing organisation."""
    if item.is_readable_by_public:
        return
    if not is_signed_in(user):
        raise PermissionDenied(_("This draft is visible only to its organisation."))
    check_owns(user, item)


def _validate_texts(item: Publishable) -> None:
    titles = {code: getattr(item, f"title_{code}") for code in TEXT_LANGS}
    if not first_filled_language(titles):
        raise ValidationError({"title_en": [_("Give a title in at least one language.")]})
    if not (getattr(item, f"title_{item.original_language}") or "").strip():
        item.original_language = first_filled_language(titles) or "en"
    if item.region and item.jurisdiction not in ("IN", "JP"):
        raise ValidationError({"region": [_("A state or prefecture needs India or Japan.")]})
    if item.region and not item.region.startswith(f"{item.jurisdiction}-"):
        raise ValidationError(
            {"region": [_("Choose a state or prefecture of the jurisdiction's country.")]}
        )


# Text limits of every published item, whichever door (form or API) it came through: an
# unbounded summary would be stored, indexed and mailed in every digest.
SUMMARY_MAX_CHARS = 2000
BODY_MAX_CHARS = 50_000
NOTES_MAX_CHARS = 5000
REASON_MAX_CHARS = 2000  # why an item was withdrawn (readers see it)
MESSAGE_MAX_CHARS = 4000  # an expression of interest's message to the financier


def text_limits() -> dict[str, int]:
    """The longest value of each free-text field of a published item. The forms and
    serializers declare the same limits (maxlength, the schema's maxLength)."""
    limits = {f"summary_{code}": SUMMARY_MAX_CHARS for code in TEXT_LANGS}
    # Notices keep a body per language (body_en, body_ja, body_hi); other items one `body`.
    limits.update({f"body_{code}": BODY_MAX_CHARS for code in TEXT_LANGS})
    limits.update(body=BODY_MAX_CHARS, eligibility_notes=NOTES_MAX_CHARS)
    return limits


def _validate_bounds(item: Publishable) -> None:
    errors: dict[str, list[str]] = {}
    for name, limit in text_limits().items():
        value = getattr(item, name, None)
        if value and len(value) > limit:
            errors[name] = [
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(value)}
            ]
    effective = getattr(item, "effective_date", None)
    deadline = getattr(item, "compliance_deadline", None)
    if effective and deadline and deadline < effective:
        errors["compliance_deadline"] = [
            _("The compliance deadline cannot be before the effective date.")
        ]
    if errors:
        raise ValidationError(errors)


def search_parts(item: Publishable, *extra: str | None) -> str:
    parts: list[str | None] = []
    for code in TEXT_LANGS:
        parts += [getattr(item, f"title_{code}"), getattr(item, f"summary_{code}")]
    return search_document(*parts, *extra)


def has_changes(item: Publishable, data: dict[str, Any], sectors: Iterable[Any] | None) -> bool:
    """Whether saving `data` / `sectors` would change what readers see (so an unchanged
    re-save of a published item is not dated as an amendment)."""
    if any(getattr(item, name) != value for name, value in data.items()):
        return True
    if sectors is None or item.pk is None:
        return False
    wanted = {getattr(sector, "pk", sector) for sector in sectors}
    return wanted != set(item.sectors.values_list("pk", flat=True))


_WITHDRAWN = {
    "programs.policynotice": _lazy("A withdrawn notice cannot be changed."),
    "programs.fundingwindow": _lazy("A withdrawn window cannot be changed."),
    "programs.trainingprogramme": _lazy("A withdrawn programme cannot be changed."),
}


def item_edit_begin(
    *,
    item: P,
    user: User,
    kinds: tuple[str, ...],
    data: dict[str, Any],
    sectors: Iterable[Any] | None,
) -> tuple[P, list[Any] | None, bool]:
    """The guard of every edit of a notice, window or programme, inside the caller's
    transaction: its owner with drafting rights, never a withdrawn item, and the row locked
    until commit so two editors' amendments are dated (and revised) one after the other.

    Returns the locked item, `sectors` as a list, and whether a published item is amended.
    """
    check_owns(user, item)
    check_can_draft(user, kinds=kinds)
    locked = type(item)._default_manager.select_for_update().get(pk=item.pk)
    if locked.status == Status.WITHDRAWN:
        raise ValidationError({"status": [_WITHDRAWN[locked._meta.label_lower]]})
    sectors = list(sectors) if sectors is not None else None
    amending = locked.status == Status.PUBLISHED and has_changes(locked, data, sectors)
    return locked, sectors, amending


def item_save(
    *,
    item: P,
    user: User | None,
    data: dict[str, Any],
    sectors: Iterable[Any] | None,
    extra_text: Iterable[str | None] = (),
    exclude: Iterable[str] = (),
) -> P:
    """Apply `data`, validate, save, and refresh the search columns (one transaction)."""
    for name, value in data.items():
        setattr(item, name, value)
    _validate_texts(item)
    _validate_bounds(item)
    item.full_clean(exclude=["organisation", "created_by", *exclude])
    item.search_text = search_parts(item, *extra_text)
    with transaction.atomic():
        item.save()
        type(item)._default_manager.filter(pk=item.pk).update(
            search_vector=vector_from("search_text")
        )
        if sectors is not None:
            item.sectors.set(list(sectors))
    return item


def item_publish(*, item: P, user: User, kinds: tuple[str, ...]) -> P:
    check_owns(user, item)
    check_can_publish_item(user, kinds=kinds)
    if item.status != Status.DRAFT:
        raise ValidationError({"status": [_("Only a draft can be published.")]})
    item.status = Status.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=user, action=f"{item._meta.model_name}.publish", target=item)
    return item


def item_withdraw(*, item: P, user: User, kinds: tuple[str, ...], reason: str) -> P:
    check_owns(user, item)
    check_can_publish_item(user, kinds=kinds)
    if item.status != Status.PUBLISHED:
        raise ValidationError({"status": [_("Only a published item can be withdrawn.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why it is withdrawn; readers will see it.")]})
    item.status = Status.WITHDRAWN
    item.withdrawn_reason = reason.strip()
    item.withdrawn_at = timezone.now()
    item.save(update_fields=["status", "withdrawn_reason", "withdrawn_at", "updated_at"])
    audit_record(actor=user, action=f"{item._meta.model_name}.withdraw", target=item, reason=reason)
    return item


NOTICE_KINDS = (OrgKind.REGULATOR,)
WINDOW_KINDS = (OrgKind.FINANCIER,)
PROGRAMME_KINDS = (OrgKind.REGULATOR, OrgKind.FINANCIER, "admin")

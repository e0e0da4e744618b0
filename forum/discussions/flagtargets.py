"""Other apps' content in the forum's moderation queue, without the forum importing them.

The forum (floor 3) keeps the flags, their reasons, the queue and the decisions; an app above
it (partnerships, floor 4) registers a model it lets members flag, from its
`AppConfig.ready()`, with what only it knows: who may flag one, how to hide one (and tell its
author), and the template that shows one in the queue. Flags of such a model point at it
through `Flag.target`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class FlagTarget:
    model: type[models.Model]
    # Shown above its items in the queue, e.g. "Partner conversation messages".
    label: Promise
    # Renders one queued item; it gets `target` (the object) and `flags` (its open flags).
    template: str
    # The item as plain text for the moderation API (e.g. a message's markdown).
    describe: Callable[[Any], str]
    # The objects with what `template` reads already joined.
    queryset: Callable[[], QuerySet]
    # Raises PermissionDenied or ValidationError when `user` may not flag `target`.
    check_can_flag: Callable[[Any, Any], None]
    # Hides `target` for good reason (`reason` is told to its author); runs in the decision's
    # transaction, after the moderator's permission was checked.
    hide: Callable[..., None]
    # Audit log action codes of the two decisions.
    audit_hide: str
    audit_dismiss: str

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_TARGETS: dict[str, FlagTarget] = {}


def register(target: FlagTarget) -> None:
    _TARGETS[target.key] = target


def for_key(key: str) -> FlagTarget | None:
    return _TARGETS.get(key)


def for_object(obj: models.Model) -> FlagTarget:
    """The registration of `obj`'s model; an unregistered model is a programming error."""
    target = _TARGETS.get(obj._meta.label_lower)
    if target is None:
        raise ValueError(f"{obj._meta.label} is not registered as a flag target")
    return target


def registered() -> list[FlagTarget]:
    return list(_TARGETS.values())

"""Writes of the digests app (preferences, schedule, delivery), one module per concern."""

from __future__ import annotations

from digests.services.delivery import (
    BatchResult,
    deliveries_give_up,
    deliveries_send,
    digest_preview,
)
from digests.services.preferences import (
    preference_get_or_create,
    preference_unsubscribe,
    preference_update,
    preferences_ensure,
)
from digests.services.schedule import (
    TickResult,
    deliveries_recover,
    digest_run_finish,
    digest_schedule,
)

__all__ = [
    "BatchResult",
    "TickResult",
    "deliveries_give_up",
    "deliveries_recover",
    "deliveries_send",
    "digest_preview",
    "digest_run_finish",
    "digest_schedule",
    "preference_get_or_create",
    "preference_unsubscribe",
    "preference_update",
    "preferences_ensure",
]

"""What one worker process keeps between match runs, so an incremental run takes milliseconds:
the engine index of the last load, and the k-th best points of every row of the current run
(the bar a changed profile must clear to enter a list). Process memory only, never shared
between workers; `reset()` forgets it (tests, or an operator after editing data by hand).
"""

from __future__ import annotations

from typing import Any

SHORT = -(2**31)  # the k-th points of a list shorter than k: any partner enters it

index_cache: dict[str, Any] = {"index": None, "loaded_at": None}
thresholds: dict[str, Any] = {"run_id": None, "ids": None, "points": None, "partner": None}
#: The snapshot index of the full run whose shards this worker executes (one run at a time).
shard_index: dict[str, Any] = {"run_id": None, "index": None}


def reset() -> None:
    index_cache.update(index=None, loaded_at=None)
    thresholds.update(run_id=None, ids=None, points=None, partner=None)
    shard_index.update(run_id=None, index=None)

"""Writes for match runs: request, execute (full or incremental), store, swap.

The task, `manage.py run_matching` and `bench/matching.py` all call `match_run_execute`, so
the benchmark measures the code path production runs.

Guarantees (see docs/matching.md):
- a run is executed by one worker at a time: a PostgreSQL advisory lock keyed on the run id
  is held for the whole execution and dies with the worker's connection if it is killed;
- a full run is cut into shards (services/sharded.py) that any worker can take; each shard's
  output is stored in the transaction that marks it done, replacing an earlier delivery's,
  so a killed shard is computed again with no missing and no duplicate rows;
- readers follow `CurrentRun`, flipped in one transaction when a full run completes.
"""

from __future__ import annotations

from matchmaking.runs.services.full import match_run_execute, match_shard_execute
from matchmaking.runs.services.requests import match_run_request, profile_changed

__all__ = ["match_run_execute", "match_run_request", "match_shard_execute", "profile_changed"]

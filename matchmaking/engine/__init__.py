"""The matching engine: plain NumPy/SciPy, no Django.

A pure function from profiles (as sparse 0/1 arrays) to ranked, explained pairs. The Celery
task, the management command, the benchmark and the tests all call the same functions, so what
is measured is what runs. See docs/matching.md for the formula and its guarantees.
"""

from __future__ import annotations

from matchmaking.engine.data import ProfileData
from matchmaking.engine.features import WEIGHTS
from matchmaking.engine.index import Index, build_index
from matchmaking.engine.scoring import (
    Matches,
    RowScores,
    score_one,
    top_k,
)

__all__ = [
    "WEIGHTS",
    "Index",
    "Matches",
    "ProfileData",
    "RowScores",
    "build_index",
    "score_one",
    "top_k",
]

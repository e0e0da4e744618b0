"""HTML views of the programs app, one module per kind."""

from __future__ import annotations

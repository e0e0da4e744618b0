"""CSV export for HTML lists and the API (`?format=csv`).

Streams rows so a large filtered list never sits in memory; a UTF-8 BOM makes Excel open
Japanese and Hindi text correctly.

Two kinds of reader, two kinds of header. An HTML page's export is for a person: its header row
is translated (the views pass gettext_lazy labels, which the writer turns into text in the
request's language). The API's CSV (`CSVRenderer`) is for scripts: its header is the JSON field
names of the schema, the same in every language, so a script that reads `title_en` keeps working
whatever `Accept-Language` says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in user text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_safe(cell) for cell in row])


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """`header` may hold lazy translations: they become text now, in the request's language,
    not later while the response streams."""
    labels = [str(label) for label in header]
    response = StreamingHttpResponse(csv_rows(labels, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """DRF renderer for `?format=csv`: flat dicts (or a paginated `results` list) become rows.

    Views that use it should turn pagination off for CSV so the whole filtered list exports.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        rows = list(data or [])
        header: list[str] = []
        for row in rows:
            for key in row:
                if key not in header:
                    header.append(key)
        buffer = io.StringIO()
        buffer.write(
            "".join(csv_rows(header, ([_flatten(row.get(key)) for key in header] for row in rows)))
        )
        return buffer.getvalue().encode("utf-8")


def _flatten(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(_flatten(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in value.items())
    return value

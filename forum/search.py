"""Full-text search that also finds Japanese and Hindi words.

English is matched through a stored `tsvector` (config 'simple', GIN index). Japanese has no
spaces between words and Devanagari words carry combining marks, so a word inside a sentence is
also matched by substring on a stored plain-text column with a pg_trgm GIN index. Models keep
both columns up to date in their services (see `document_text`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet


def document_text(*parts: str | None) -> str:
    """The text a search document is built from: every language's fields, joined."""
    return "\n".join(part.strip() for part in parts if part and part.strip())


def search_filter(
    query: str, *, vector_field: str = "search_vector", text_field: str = "search_text"
) -> Q:
    """Q matching `query` as words (tsvector) or as a substring (pg_trgm), whichever hits."""
    query = (query or "").strip()
    if not query:
        return Q()
    words = SearchQuery(query, config="simple", search_type="websearch")
    substring = Q()
    for term in query.split():
        substring &= Q(**{f"{text_field}__icontains": term})
    return Q(**{vector_field: words}) | substring


def apply_search(queryset: QuerySet, query: str, **fields: str) -> QuerySet:
    return queryset.filter(search_filter(query, **fields)) if (query or "").strip() else queryset


def split_terms(values: Iterable[str]) -> list[str]:
    return [value for value in values if value]

"""Full-text search that also finds Japanese and Hindi words, with one GIN index.

PostgreSQL's `simple` configuration splits English and Hindi (Devanagari) text into words well,
but Japanese is written without spaces, so "グリーン水素の製造" would be one token and "水素"
would never match. Like Lucene's CJK analyser, we add the overlapping character bigrams (and
single characters) of every CJK run to the indexed document, and turn a CJK query into the
AND of its bigrams.

NOTE: the embedded PostgreSQL of `make run` / `make test` (pgserver) ships no contrib
extensions, so pg_trgm is NOT available: never use TrigramExtension or gin_trgm_ops. Store
`search_document(...)` in a text column, keep a `SearchVectorField` computed from it with
config 'simple' (services update it, or a GeneratedField), index that with GinIndex, and filter
with `search_filter(query)`.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import F, Q, QuerySet, TextField, Value

CJK_RUN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u3005\u30fc]+"
)
_WORD = re.compile(r"[^\s\"'()\[\]{}<>.,;:!?、。「」『』（）・/\\|&-]+")


def cjk_grams(text: str) -> list[str]:
    """Single characters and overlapping bigrams of each CJK run: 水素製造 → 水 素 製 造 水素 素製 製造."""
    grams: list[str] = []
    for run in CJK_RUN.findall(text or ""):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def search_document(*parts: str | None) -> str:
    """The text to index: every language's fields joined, plus the CJK grams."""
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    grams = cjk_grams(text)
    return f"{text}\n{' '.join(grams)}" if grams else text


# kept for callers written against the first version of this module
document_text = search_document


def query_terms(query: str) -> list[str]:
    """Terms to AND together: words as they are; CJK runs as their bigrams (or one character)."""
    terms: list[str] = []
    for word in _WORD.findall((query or "").lower()):
        pieces = CJK_RUN.split(word)
        for piece in pieces:
            if piece:
                terms.append(piece)
        for run in CJK_RUN.findall(word):
            if len(run) == 1:
                terms.append(run)
            else:
                terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(terms))


def search_query(query: str) -> SearchQuery | None:
    terms = query_terms(query)
    if not terms:
        return None
    combined = SearchQuery(terms[0], config="simple", search_type="plain")
    for term in terms[1:]:
        combined &= SearchQuery(term, config="simple", search_type="plain")
    return combined


def vector_from(field: str = "search_document") -> SearchVector:
    """The SearchVector expression to store, e.g. `.update(search_vector=vector_from())`."""
    return SearchVector(F(field), config="simple")


def vector_from_text(text: str) -> SearchVector:
    return SearchVector(Value(text, output_field=TextField()), config="simple")


def search_filter(
    query: str, *, vector_field: str = "search_vector", text_field: str | None = None
) -> Q:
    """Q matching every term of `query` in the stored vector (optionally also a substring)."""
    compiled = search_query(query)
    if compiled is None:
        return Q()
    condition = Q(**{vector_field: compiled})
    if text_field:
        condition |= Q(**{f"{text_field}__icontains": query.strip()})
    return condition


def apply_search(queryset: QuerySet, query: str, **fields: str) -> QuerySet:
    return queryset.filter(search_filter(query, **fields)) if (query or "").strip() else queryset

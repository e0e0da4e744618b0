from __future__ import annotations

import pytest

from forum.search import cjk_grams, query_terms, search_document, search_query, vector_from_text
from taxonomy.models import Sector


def test_cjk_runs_become_grams():
    assert cjk_grams("グリーン水素") == [*"グリーン水素", "グリ", "リー", "ーン", "ン水", "水素"]


def test_query_terms_split_words_and_cjk():
    assert query_terms("Green 水素") == ["green", "水素"]
    assert query_terms("水素製造") == ["水素", "素製", "製造"]
    assert query_terms("हाइड्रोजन") == ["हाइड्रोजन"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "query", "hit"),
    [
        ("Concessional loans for green hydrogen", "hydrogen", True),
        ("グリーン水素の製造設備への融資", "水素", True),
        ("グリーン水素の製造設備への融資", "製造設備", True),
        ("グリーン水素の製造設備への融資", "半導体", False),
        ("हरित हाइड्रोजन के लिए ऋण", "हाइड्रोजन", True),
        ("हरित हाइड्रोजन के लिए ऋण", "सौर", False),
    ],
)
def test_search_matches_in_postgres(document, query, hit):
    found = (
        Sector.objects.annotate(vector=vector_from_text(search_document(document)))
        .filter(vector=search_query(query))
        .exists()
    )
    assert found is hit

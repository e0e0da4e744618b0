"""The OpenAPI schema tells the truth (forum.api.schema): every operation documents its errors
in the API's error format, the statuses the permission matrices observe are the documented
ones, and every field that can be null in a response says so."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from tests.test_write_routes import matrix_modules

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def generated():
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    return schema, generator


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _error_ref(response) -> str:
    return response["content"]["application/json"]["schema"]["$ref"]


def test_the_error_format_is_a_component(generated):
    schema, _ = generated
    error = schema["components"]["schemas"]["Error"]
    body = schema["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["error"]
    assert {"status", "code", "detail", "fields"} <= set(body["properties"])


def test_every_operation_documents_its_errors(generated):
    schema, _ = generated
    operations = list(_operations(schema))
    assert len(operations) > 120
    for path, method, operation in operations:
        responses = operation["responses"]
        where = (method, path, sorted(responses))
        expected = {"400", "401", "403", "404"}
        if method in ("post", "put", "patch"):
            expected.add("413")
        assert expected <= set(responses), where
        for code in expected:
            assert _error_ref(responses[code]) == ERROR_REF, (where, code)
        assert "WWW-Authenticate" in responses["401"]["headers"], where
        assert any(code.startswith("2") for code in responses), where


def test_it_documents_the_posting_rate_limit(generated):
    schema, _ = generated
    for path in ("/api/v1/forum/threads/", "/api/v1/forum/posts/"):
        assert _error_ref(schema["paths"][path]["post"]["responses"]["429"]) == ERROR_REF


def _template(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_the_statuses_the_matrices_observe_are_documented(generated):
    """Each API write's status for each kind of person (the matrices assert them against the
    running code) is among the operation's documented responses: the real 201s, 204s, 404s."""
    schema, _ = generated
    documented = {
        (method, _template(path)): set(operation["responses"])
        for path, method, operation in _operations(schema)
    }
    rows = [row for module in matrix_modules() for row in module.WRITES if row.api]
    assert len(rows) > 70
    for row in rows:
        if int(row.expect["owner"]) == 405:
            assert (row.method, _template(row.path)) not in documented, row.name
            continue
        codes = documented[(row.method, _template(row.path))]
        for column, status in row.expect.items():
            assert str(int(status)) in codes, (row.name, column, status, sorted(codes))


def _response_components(generator):
    """(component name, serializer) of every response schema built from a serializer."""
    for (name, kind), component in generator.registry._components.items():
        serializer = component.object
        response = not name.endswith("Request") and not name.startswith("Paginated")
        if kind == "schemas" and response and isinstance(serializer, serializers.Serializer):
            yield name, component.schema, serializer


def test_fields_that_can_be_null_are_marked_nullable(generated):
    """A model field with null=True shown by a model serializer, and a serializer field with
    allow_null, are `nullable: true` in the response schema."""
    _, generator = generated
    checked = 0
    for name, component, serializer in _response_components(generator):
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        for field_name, field in serializer.fields.items():
            properties = component.get("properties", {})
            if field_name not in properties or field.write_only:
                continue
            nullable = field.allow_null
            if model is not None and field.source and "." not in field.source:
                column = next(
                    (f for f in model._meta.concrete_fields if f.name == field.source), None
                )
                nullable = nullable or bool(column is not None and column.null)
            if nullable:
                prop = properties[field_name]
                assert prop.get("nullable") or "oneOf" in prop or "allOf" in prop, (
                    name,
                    field_name,
                    prop,
                )
                checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Notice", "compliance_deadline"),
        ("ApiToken", "last_used_at"),
        ("Meeting", "starts_at"),
        ("Introduction", "responded_at"),
        ("Window", "amount_min"),
        ("MatchRun", "finished_at"),
    ],
)
def test_known_nullable_fields_are_marked(generated, component, field):
    schema, _ = generated
    prop = schema["components"]["schemas"][component]["properties"][field]
    assert prop.get("nullable") is True, prop

"""The OpenAPI schema tells the truth about errors, created objects and nulls, in one place.

`PortalAutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds to every operation what every
operation can answer besides success, each with the `Error` component (forum.api.errors'
format, `{"error": {"status", "code", "detail", "fields"}}`):

- 400: invalid fields or parameters (a NUL byte in any filter, a malformed body);
- 401: not signed in, or a token that is wrong, revoked or a suspended person's; the response
  carries `WWW-Authenticate: Token`;
- 403: signed in but not allowed (another organisation's object, staff powers without this
  credential's second factor, a silenced person writing);
- 404: no such object (in the path, or named by id in the body), or page of a list;
- 413: a JSON body over API_MAX_JSON_BYTES (operations that take a body);
- 429: too many writes in a short time (views with DRF throttles, or that list the action in
  `rate_limited_actions`: the forum's posting limit).

A POST action whose view returns `HTTP_201_CREATED` is documented as 201, not 200; and a field
that can be null in a response (a read-only field whose model field has `null=True`) is marked
`nullable: true` even when the serializer did not say `allow_null`.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    "400": "Invalid fields or parameters; `error.fields` names each field with its messages.",
    "401": "Not signed in, or the token is invalid or revoked, or the account is suspended.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not one this caller may see.",
    "413": "The JSON body is too large.",
    "429": "Too many requests in a short time; try again later.",
}


# `inline_serializer`: a field named "fields" cannot be a class attribute of a Serializer.
ERROR_SERIALIZER = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "status": serializers.IntegerField(),
                "code": serializers.CharField(),
                "detail": serializers.JSONField(help_text="A message, or a structure of messages."),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    required=False,
                    help_text="For 400: each invalid field with its messages.",
                ),
            },
        )
    },
)


def _returns_created(view: Any, action: str | None) -> bool:
    handler = getattr(view, action or "", None)
    if handler is None:
        return False
    try:
        return "HTTP_201_CREATED" in inspect.getsource(inspect.unwrap(handler))
    except (OSError, TypeError):
        return False


def _model_field_is_nullable(field: serializers.Field) -> bool:
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*" or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return False
    # A reverse relation (a list) says null=True but is never null; only columns can be.
    return bool(getattr(model_field, "concrete", False) and model_field.null)


class PortalAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("413")
        action = getattr(self.view, "action", None)
        throttled = bool(getattr(self.view, "throttle_classes", ()))
        if throttled or action in getattr(self.view, "rate_limited_actions", ()):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        action = getattr(self.view, "action", None)
        if (
            self.method == "POST"
            and set(responses) == {"200"}
            and _returns_created(self.view, action)
        ):
            responses = {"201": responses["200"]}
        error = self.resolve_serializer(ERROR_SERIALIZER, "response").ref
        for code in self._error_codes():
            if code in responses:
                continue
            responses[code] = {
                "content": {"application/json": {"schema": error}},
                "description": ERROR_DESCRIPTIONS[code],
            }
            if code == "401":
                responses[code]["headers"] = {
                    "WWW-Authenticate": {
                        "schema": {"type": "string"},
                        "description": "The scheme to authenticate with: `Token`.",
                    }
                }
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "response"
            and isinstance(schema, dict)
            and not schema.get("nullable")
            and "$ref" not in schema
            and _model_field_is_nullable(field)
        ):
            schema["nullable"] = True
        return schema

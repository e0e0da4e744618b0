"""Every text a person writes has a length limit, on every door: each form's text field and
each field of every serializer the API reads request bodies with declares a max_length (the
schema shows it as `maxLength`), and the longest allowed value passes where one more
character is refused with a message naming the limit."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from forum.discussions.services.common import BODY_MAX_CHARS
from matchmaking.services.profiles import DESCRIPTION_MAX_CHARS
from programs.services.common import REASON_MAX_CHARS, SUMMARY_MAX_CHARS
from programs.tests.factories import notice_data, notice_form
from tests.factories import make_org, make_user

APPS = ("accounts", "programs", "matchmaking", "forum", "digests", "taxonomy")
# Not ours to bound: the Django admin's (staff-only) forms, allauth's unused username field.
EXEMPT = {("accounts.admin", None), ("accounts.forms", "SignupForm.username")}


def _project_modules():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            name = info.name
            if any(part in name for part in (".tests", ".migrations", ".management")):
                continue
            if name.endswith((".devstack", ".gunicorn_conf", ".wsgi", ".asgi")):
                continue
            yield importlib.import_module(name)


def _project_forms():
    for module in _project_modules():
        for obj in vars(module).values():
            ours = inspect.isclass(obj) and obj.__module__ == module.__name__
            if ours and issubclass(obj, forms.BaseForm):
                yield obj


def test_every_form_text_field_has_a_length_limit():
    unbounded = []
    for form in _project_forms():
        if (form.__module__, None) in EXEMPT:
            continue
        for name, field in form.base_fields.items():
            if (form.__module__, f"{form.__name__}.{name}") in EXEMPT:
                continue
            if isinstance(field, forms.CharField) and field.max_length is None:
                unbounded.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not unbounded, unbounded


def _request_serializers():
    """Every serializer the API reads a request body with (from the schema's request bodies)."""
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    reachable: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in reachable:
                    reachable.add(name)
                    walk(schema["components"]["schemas"].get(name))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for item in schema["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                walk(operation["requestBody"])
    for (name, kind), component in generator.registry._components.items():
        serializer = component.object
        if (
            kind == "schemas"
            and name in reachable
            and isinstance(serializer, serializers.Serializer)
        ):
            yield name, serializer


@pytest.mark.django_db
def test_every_api_text_field_has_a_length_limit():
    checked, unbounded = 0, []
    for name, serializer in _request_serializers():
        for field_name, field in serializer.fields.items():
            if field.read_only:
                continue
            children = [field.child] if isinstance(field, serializers.ListField) else [field]
            for field_ in children:
                if isinstance(field_, serializers.CharField):
                    checked += 1
                    if field_.max_length is None:
                        unbounded.append(f"{name}.{field_name}")
    assert checked > 30
    assert not unbounded, unbounded


def _messages(response) -> dict:
    return response.json()["error"]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit"),
    [("description_en", DESCRIPTION_MAX_CHARS), ("description_ja", DESCRIPTION_MAX_CHARS)],
)
def test_profile_texts_are_limited_in_the_api(api_client, alice, field, limit):
    api_client.force_authenticate(alice)
    too_long = api_client.post(
        "/api/v1/profiles/", {"headline_en": "Gears", field: "x" * (limit + 1)}, format="json"
    )
    assert too_long.status_code == 400
    assert str(limit) in " ".join(_messages(too_long)[field])
    fits = api_client.post(
        "/api/v1/profiles/", {"headline_en": "Gears", field: "x" * limit}, format="json"
    )
    assert fits.status_code == 201, fits.content


@pytest.mark.django_db
def test_profile_texts_are_limited_in_the_form(client, alice):
    from matchmaking.models import PartnerProfile

    client.force_login(alice)
    form = {"headline_en": "Gears", "original_language": "en", "visibility": "public"}
    page = client.get("/partners/profile/").content.decode()
    assert f'maxlength="{DESCRIPTION_MAX_CHARS}"' in page
    response = client.post(
        "/partners/profile/", {**form, "description_en": "x" * (DESCRIPTION_MAX_CHARS + 1)}
    )
    assert response.status_code == 200
    assert str(DESCRIPTION_MAX_CHARS) in response.content.decode().replace(",", "")
    assert not PartnerProfile.objects.exists()
    response = client.post("/partners/profile/", {**form, "description_en": "x" * 10})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_service_refuses_an_overlong_profile_whatever_the_door(alice):
    from django.core.exceptions import ValidationError

    from matchmaking.services import profile_save

    with pytest.raises(ValidationError) as refused:
        profile_save(
            organisation=alice.organisation,
            by_user=alice,
            data={"headline_en": "Gears", "description_hi": "x" * (DESCRIPTION_MAX_CHARS + 1)},
        )
    assert "description_hi" in refused.value.message_dict


@pytest.mark.django_db
def test_the_forums_pages_limit_posts_as_the_api_does(client, alice):
    from forum.discussions.models import Board, Thread

    Board.objects.create(slug="general", name_en="General")
    client.force_login(alice)
    data = {"title": "Long", "language": "en", "body": "x" * (BODY_MAX_CHARS + 1)}
    response = client.post("/forum/b/general/new/", data)
    assert response.status_code in (200, 400)
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_withdrawal_reasons_and_summaries_are_limited_on_both_doors(client, api_client, regulator):
    from programs.models import PolicyNotice
    from programs.services import notice_create

    client.force_login(regulator)
    page = client.get("/programs/notices/new/").content.decode()
    assert f'maxlength="{SUMMARY_MAX_CHARS}"' in page
    response = client.post(
        "/programs/notices/new/", notice_form(summary_en="x" * (SUMMARY_MAX_CHARS + 1))
    )
    assert response.status_code in (200, 400)
    assert not PolicyNotice.objects.exists()
    api_client.force_authenticate(regulator)
    created = notice_create(user=regulator, data=notice_data(), publish=True)
    too_long = api_client.post(
        f"/api/v1/notices/{created.pk}/withdraw/",
        {"reason": "x" * (REASON_MAX_CHARS + 1)},
        format="json",
    )
    assert too_long.status_code == 400 and "reason" in _messages(too_long)


@pytest.mark.django_db
def test_a_rejection_reason_and_the_audit_filters_are_bounded(client, admin_user, mfa_login):
    org = make_org(name_en="Pending Desk", kind="regulator", region="IN-GJ")
    make_user("desk@example.com", org)
    mfa_login(client, admin_user)
    response = client.post(f"/account/verification/{org.pk}/", {f"org{org.pk}-reason": "x" * 2001})
    assert response.status_code == 400
    assert client.get("/account/audit/", {"target": "x" * 5000}).status_code == 200

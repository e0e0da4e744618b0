"""Read-only REST API of the vocabularies, mounted at /api/v1/taxonomy/.

Every term carries `name` in the request's language (`?lang=ja|hi|en`, else Accept-Language)
and `names` in all three, so a client can show the reader's language and keep the others.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from forum.i18n import LANGUAGE_CODES, current_language, pick
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector

LANG_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(LANGUAGE_CODES),
        description="Language of `name`; without it the Accept-Language header decides.",
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="Used for `name` when `lang` is not given (en, ja or hi).",
    ),
]


def request_language(request: Any) -> str:
    """`?lang=` when it names a content language, otherwise the negotiated language."""
    wanted = (request.query_params.get("lang") or "").lower() if request is not None else ""
    return wanted if wanted in LANGUAGE_CODES else current_language()


class NamesSerializer(serializers.Serializer):
    en = serializers.CharField()
    ja = serializers.CharField(help_text="Empty when no Japanese name has been written yet.")
    hi = serializers.CharField(help_text="Empty when no Hindi name has been written yet.")


class TermSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.SerializerMethodField(
        help_text="In the request's language (`lang` or Accept-Language); English if missing."
    )
    names = serializers.SerializerMethodField()
    position = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj: Any) -> str:
        return pick(obj, "name", request_language(self.context.get("request"))).text

    @extend_schema_field(NamesSerializer)
    def get_names(self, obj: Any) -> dict[str, str]:
        return {code: getattr(obj, f"name_{code}") or "" for code in LANGUAGE_CODES}


class SectorSerializer(TermSerializer):
    nic_division = serializers.CharField(help_text="NIC-2008 division code.")
    jsic_division = serializers.CharField(help_text="JSIC division code.")


class CapabilitySerializer(TermSerializer):
    sector = serializers.SlugField(source="sector.slug", read_only=True)


def _viewset(model: type[Model], serializer: type, name: str, queryset: Any = None) -> type:
    documented = extend_schema_view(
        list=extend_schema(parameters=LANG_PARAMETERS, summary=f"{name}, named in three languages"),
        retrieve=extend_schema(parameters=LANG_PARAMETERS, summary=f"One of the {name.lower()}"),
    )
    attrs = {
        "queryset": queryset if queryset is not None else model._default_manager.all(),
        "serializer_class": serializer,
        "permission_classes": [AllowAny],
        "lookup_field": "slug",
        "pagination_class": None,  # short lists; clients cache them whole
        "__doc__": f"{name}: slug, `name` in the request's language and `names` in all three.",
    }
    return documented(type(f"{model.__name__}ViewSet", (viewsets.ReadOnlyModelViewSet,), attrs))


router = DefaultRouter()
router.include_root_view = False
router.register(
    "taxonomy/sectors", _viewset(Sector, SectorSerializer, "Sectors"), basename="taxonomy-sector"
)
router.register(
    "taxonomy/capabilities",
    _viewset(
        Capability,
        CapabilitySerializer,
        "Capabilities",
        Capability.objects.select_related("sector"),
    ),
    basename="taxonomy-capability",
)
router.register(
    "taxonomy/certifications",
    _viewset(Certification, TermSerializer, "Certifications"),
    basename="taxonomy-certification",
)
router.register(
    "taxonomy/partnership-types",
    _viewset(PartnershipType, TermSerializer, "Partnership types"),
    basename="taxonomy-partnership-type",
)
router.register(
    "taxonomy/markets", _viewset(Market, TermSerializer, "Markets"), basename="taxonomy-market"
)

urlpatterns = router.urls

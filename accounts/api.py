"""API of accounts: the signed-in person, the public organisation directory, own API tokens."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.urls import include, path
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.http import api_user
from accounts.models import ApiToken, Organisation, User, Verification
from forum.api.routers import PortalRouter


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Token <key>` for accounts.authentication in the schema."""

    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, with a key created on the account page.",
        }


class PortalSessionScheme(OpenApiAuthenticationExtension):
    """The browser's session cookie (accounts.authentication.PortalSessionAuthentication)."""

    target_class = "accounts.authentication.PortalSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class OrganisationSummarySerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name_en",
            "name_ja",
            "name_hi",
            "country",
            "kind",
            "region",
            "city",
            "website",
            "verification_status",
            "is_verified",
            "msme_class",
        ]
        read_only_fields = fields


class OrganisationPublicSerializer(OrganisationSummarySerializer):
    """Public fields only: no identifiers' owners, no emails, no verification notes."""

    member_count = serializers.IntegerField(read_only=True)
    logo = serializers.ImageField(read_only=True, use_url=True)

    class Meta(OrganisationSummarySerializer.Meta):
        fields = [
            *OrganisationSummarySerializer.Meta.fields,
            "logo",
            "founded_year",
            "employees",
            "member_count",
            "is_sample",
        ]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    role = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "org_role",
            "language",
            "timezone",
            "organisation",
        ]
        read_only_fields = fields


class MeView(APIView):
    """The current person and their organisation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = User.objects.select_related("organisation").get(pk=api_user(request).pk)
        return Response(MeSerializer(user).data)


class OrganisationFilter(django_filters.FilterSet):
    verified = django_filters.BooleanFilter(method="filter_verified", label="verified")

    class Meta:
        model = Organisation
        fields = ["kind", "country"]

    def filter_verified(self, queryset, name, value):
        if value:
            return queryset.filter(verification_status=Verification.VERIFIED)
        return queryset.exclude(verification_status=Verification.VERIFIED)


@extend_schema_view(
    list=extend_schema(summary="Organisations (public directory)"),
    retrieve=extend_schema(summary="One organisation by slug"),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Every organisation's public fields; filter by kind, country and verified."""

    serializer_class = OrganisationPublicSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = OrganisationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.organisation_public_list()


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret key. Shown this once; only its hash is stored."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = [*ApiTokenSerializer.Meta.read_only_fields, "key"]


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in person's own API tokens: list, create (key shown once), revoke."""

    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ApiToken.objects.none()
        return selectors.api_token_list(user=self.request.user)

    @extend_schema(request=ApiTokenSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(
            user=api_user(request), name=serializer.validated_data["name"]
        )
        token.key = key
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.api_token_revoke(token=instance)


router = PortalRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), path("", include(router.urls))]

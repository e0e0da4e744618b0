"""API for the signed-in person and organisations."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User


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
        user = User.objects.select_related("organisation").get(pk=request.user.pk)
        return Response(MeSerializer(user).data)


urlpatterns = [path("me/", MeView.as_view(), name="api-me")]

"""API: the signed-in person's digest preferences at /api/v1/digest-preferences/me/."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import RetrieveUpdateAPIView

from accounts.http import api_user
from accounts.models import Country
from digests import services
from digests.forms import PREFERENCE_FIELDS, instrument_choices
from digests.models import DigestPreference
from forum.regions import region_choices
from taxonomy.models import Sector


class DigestPreferenceSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Sector.objects.all(), required=False
    )
    countries = serializers.ListField(
        child=serializers.ChoiceField(choices=Country.choices), required=False
    )
    regions = serializers.ListField(
        child=serializers.ChoiceField(choices=region_choices()), required=False
    )
    instruments = serializers.ListField(
        child=serializers.ChoiceField(choices=instrument_choices()), required=False
    )
    address_refused = serializers.SerializerMethodField()

    class Meta:
        model = DigestPreference
        fields = [*PREFERENCE_FIELDS, "address_refused", "updated_at"]
        read_only_fields = ["address_refused", "updated_at"]

    def get_address_refused(self, obj: DigestPreference) -> bool:
        email = obj.user.email.lower()
        return bool(obj.bounced_email) and obj.bounced_email.lower() == email

    def update(self, instance: DigestPreference, validated_data: dict) -> DigestPreference:
        return services.preference_update(preference=instance, data=validated_data)


@extend_schema(tags=["digests"])
class MyDigestPreferenceView(RetrieveUpdateAPIView):
    """Your own digest settings; nobody can read or change another person's."""

    serializer_class = DigestPreferenceSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self) -> DigestPreference:
        user = api_user(self.request)  # IsAuthenticated let only people in
        preference = services.preference_get_or_create(user=user)
        preference.user = user
        return preference


urlpatterns = [
    path("digest-preferences/me/", MyDigestPreferenceView.as_view(), name="digest-preferences-me"),
]

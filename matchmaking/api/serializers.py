"""Serializers of the matchmaking API. Contact details only via selectors.contact_for."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum.forms import max_length_kwargs
from matchmaking.models import TERM_FIELDS, Introduction, PartnerProfile, ShortlistEntry, Visibility
from matchmaking.runs.reason_text import render_reasons
from matchmaking.selectors import contact_for
from matchmaking.services.profiles import TEXT_LIMITS
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector


class OrganisationBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")
    country = serializers.CharField()
    region = serializers.CharField()
    msme_class = serializers.CharField()
    is_verified = serializers.BooleanField()


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


def _slugs(model, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=model.objects.all(), many=True, required=False, **kwargs
    )


class ProfileSerializer(serializers.ModelSerializer):
    """A partner profile. `contact` is null unless the viewer's organisation may see it; the
    view passes the set of unlocked organisations in the context as `unlocked`."""

    organisation = OrganisationBriefSerializer(read_only=True)
    headline = serializers.CharField(read_only=True)
    sectors = _slugs(Sector)
    capabilities_offered = _slugs(Capability)
    capabilities_sought = _slugs(Capability)
    partnership_types = _slugs(PartnershipType)
    certifications_held = _slugs(Certification)
    certifications_required = _slugs(Certification)
    target_markets = _slugs(Market)
    working_languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    contact = serializers.SerializerMethodField()
    completed_training = serializers.SerializerMethodField()
    contact_name = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    contact_email = serializers.EmailField(
        write_only=True, required=False, allow_blank=True, max_length=254
    )
    contact_phone = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=40
    )

    class Meta:
        model = PartnerProfile
        fields = [
            "id",
            "organisation",
            "headline",
            "headline_en",
            "headline_ja",
            "headline_hi",
            "description_en",
            "description_ja",
            "description_hi",
            "original_language",
            *TERM_FIELDS,
            "working_languages",
            "visibility",
            "open_to_same_country",
            "is_sample",
            "completed_training",
            "contact",
            "contact_name",
            "contact_email",
            "contact_phone",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_sample", "created_at", "updated_at"]
        extra_kwargs = max_length_kwargs(TEXT_LIMITS)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_completed_training(self, profile: PartnerProfile) -> list[str]:
        """Topics of training programmes the organisation completed (e.g. "kaizen")."""
        return self.context.get("training", {}).get(profile.organisation_id, [])

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, profile: PartnerProfile) -> dict | None:
        return contact_for(profile, self.context.get("unlocked", set()))


class MatchSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    partner = ProfileSerializer()
    reasons = serializers.JSONField(help_text="Reasons as data: {code, ...params}.")
    reasons_text = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons_text(self, match) -> list[str]:

        return render_reasons(match.reasons, self.context["language"])


class IntroductionSerializer(serializers.ModelSerializer):
    from_organisation = OrganisationBriefSerializer(read_only=True)
    to_organisation = OrganisationBriefSerializer(read_only=True)
    partnership_type = serializers.SlugRelatedField(
        slug_field="slug", queryset=PartnershipType.objects.all()
    )
    profile = serializers.PrimaryKeyRelatedField(
        queryset=PartnerProfile.objects.all(),
        write_only=True,
        help_text="The partner profile whose organisation you want to meet.",
    )

    class Meta:
        model = Introduction
        fields = [
            "id",
            "from_organisation",
            "to_organisation",
            "profile",
            "partnership_type",
            "message",
            "status",
            "decline_reason",
            "created_at",
            "expires_at",
            "responded_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "decline_reason",
            "created_at",
            "expires_at",
            "responded_at",
        ]


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ShortlistSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = ShortlistEntry
        fields = ["id", "profile", "organisation", "note", "created_at", "updated_at"]
        read_only_fields = ["id", "organisation", "created_at", "updated_at"]
        extra_kwargs = {"note": {"required": False, "allow_blank": True}}

    def get_organisation(self, obj: ShortlistEntry) -> dict:
        return {
            "id": obj.profile.organisation_id,
            "slug": obj.profile.organisation.slug,
            "name": obj.profile.organisation.display_name,
        }


class ShortlistNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=4000)

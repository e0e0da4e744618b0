"""Serializers: shape only. Writes go through programs.services."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from forum.forms import max_length_kwargs
from forum.i18n import pick
from forum.markdown import render_markdown
from programs import selectors
from programs.eligibility import Verdict
from programs.models import (
    Enrolment,
    ExpressionOfInterest,
    FundingWindow,
    NoticeAttachment,
    NoticeRevision,
    PolicyNotice,
    TrainingProgramme,
    TrainingSession,
)
from programs.services.common import MESSAGE_MAX_CHARS, REASON_MAX_CHARS, text_limits
from taxonomy.models import Sector

COMMON_FIELDS = [
    "id",
    "status",
    "organisation",
    "original_language",
    "title_en",
    "title_ja",
    "title_hi",
    "summary_en",
    "summary_ja",
    "summary_hi",
    "jurisdiction",
    "region",
    "sectors",
    "published_at",
    "amended_at",
    "withdrawn_at",
    "withdrawn_reason",
    "is_sample",
    "url",
]
COMMON_READ_ONLY = [
    "id",
    "status",
    "organisation",
    "published_at",
    "amended_at",
    "withdrawn_at",
    "withdrawn_reason",
    "is_sample",
    "url",
]


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField(source="display_name")
    is_verified = serializers.BooleanField()


class PublishableSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    sectors = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Sector.objects.all(), required=False
    )
    url = serializers.SerializerMethodField()
    url_name = ""

    def get_url(self, obj) -> str:
        return reverse(self.url_name, args=[obj.pk])


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeAttachment
        fields = ["id", "filename", "size", "url", "created_at"]

    def get_url(self, obj) -> str:
        return reverse("programs:attachment_download", args=[obj.pk])


class NoticeSerializer(PublishableSerializer):
    url_name = "programs:notice_detail"
    body_html = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyNotice
        extra_kwargs = max_length_kwargs(text_limits())
        fields = [
            *COMMON_FIELDS,
            "kind",
            "body_en",
            "body_ja",
            "body_hi",
            "body_html",
            "effective_date",
            "compliance_deadline",
            "source_url",
            "attachments",
        ]
        read_only_fields = COMMON_READ_ONLY

    def get_body_html(self, obj) -> str:
        """The body in the request's language (then English, then the original), as HTML."""
        return render_markdown(pick(obj, "body").text)


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeRevision
        exclude = ["notice", "replaced_by"]


class WindowSerializer(PublishableSerializer):
    url_name = "programs:window_detail"
    closing_soon = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    eligible_for_me = serializers.SerializerMethodField(
        help_text="For a signed-in MSME: whether it meets every criterion (else null)."
    )

    class Meta:
        model = FundingWindow
        extra_kwargs = max_length_kwargs(text_limits())
        fields = [
            *COMMON_FIELDS,
            "instrument",
            "currency",
            "amount_min",
            "amount_max",
            "interest_rate_min",
            "interest_rate_max",
            "tenor_months_min",
            "tenor_months_max",
            "guarantee_coverage_pct",
            "opens_at",
            "closes_at",
            "entry_timezone",
            "is_open",
            "closing_soon",
            "eligible_for_me",
            "apply_url",
            "apply_through_member_institution",
            "applicant_countries",
            "foreign_applicants_allowed",
            "msme_classes",
            "max_employees",
            "max_turnover",
            "max_turnover_currency",
            "max_turnover_inr",
            "udyam_required",
            "min_years_in_business",
            "eligibility_notes",
        ]
        read_only_fields = [*COMMON_READ_ONLY, "max_turnover_inr"]

    def get_closing_soon(self, obj) -> bool:
        return selectors.is_closing_soon(obj)

    def get_is_open(self, obj) -> bool:
        return obj.is_open()

    def get_eligible_for_me(self, obj) -> bool | None:
        return getattr(obj, "eligible_for_me", None)


class SessionSerializer(serializers.ModelSerializer):
    enrolled = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = ["id", "starts_at", "ends_at", "capacity", "enrolled"]

    def get_enrolled(self, obj) -> int | None:
        return getattr(obj, "enrolled_count", None)


class ProgrammeSerializer(PublishableSerializer):
    url_name = "programs:programme_detail"
    sessions = SessionSerializer(many=True, read_only=True)
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = TrainingProgramme
        extra_kwargs = max_length_kwargs(text_limits())
        fields = [
            *COMMON_FIELDS,
            "provider_name",
            "topic",
            "language",
            "mode",
            "place",
            "body",
            "body_html",
            "sessions",
        ]
        read_only_fields = COMMON_READ_ONLY

    def get_body_html(self, obj) -> str:
        return render_markdown(obj.body)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_CHARS)


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    status = serializers.ChoiceField(choices=["met", "missed", "unknown"])
    message = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["eligible", "not_eligible", "cant_tell"])
    # SerializerMetaclass pops declared fields off the class, so this never shadows Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    criteria = CriterionSerializer(many=True)

    def to_representation(self, instance: Verdict) -> dict:
        return {
            "outcome": instance.outcome,
            "label": str(instance.label),
            "criteria": [c.as_dict() for c in instance.criteria],
        }


class InterestSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    organisation_url = serializers.SerializerMethodField()

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "window",
            "organisation",
            "organisation_url",
            "message",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "window", "organisation", "status", "created_at", "updated_at"]
        extra_kwargs = {"message": {"max_length": MESSAGE_MAX_CHARS}}

    def get_organisation_url(self, obj) -> str:
        return reverse("organisation_detail", kwargs={"slug": obj.organisation.slug})


class InterestMarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["contacted", "declined"])


class EnrolmentSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    programme = serializers.IntegerField(source="session.programme_id", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "session",
            "programme",
            "organisation",
            "status",
            "created_at",
            "promoted_at",
            "completed_at",
        ]
        read_only_fields = fields


class SessionCreateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=10000)

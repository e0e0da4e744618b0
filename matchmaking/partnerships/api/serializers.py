"""Serializers of the partnerships API. They shape data; the services apply the rules."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from accounts.models import Organisation
from forum.currencies import CURRENCY_CHOICES
from forum.discussions.models import FlagReason
from matchmaking.partnerships import hours
from matchmaking.partnerships.models import (
    DURATIONS,
    Attachment,
    Conversation,
    ConversationStatus,
    DealDocument,
    DocumentAccess,
    Meeting,
    MeetingMode,
    MeetingSlot,
    MeetingStatus,
    Message,
    NdaAcceptance,
    NdaKind,
    Outcome,
    OutcomeKind,
)


class OrganisationBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "country"]


class ConversationSerializer(serializers.ModelSerializer):
    organisations = serializers.SerializerMethodField()
    unread = serializers.IntegerField(read_only=True, default=0)
    status = serializers.ChoiceField(choices=ConversationStatus.choices, read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "introduction",
            "organisations",
            "status",
            "created_at",
            "last_message_at",
            "unread",
        ]

    def get_organisations(self, obj: Conversation) -> list[dict]:
        # many=True makes a ListSerializer, whose data is a list; the stubs type it as the child's.
        return OrganisationBriefSerializer(  # type: ignore[return-value]
            [obj.organisation_a, obj.organisation_b], many=True
        ).data


class MessageAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["name", "content_type", "size", "url"]

    def get_url(self, obj: Attachment) -> str:
        return reverse("partnerships-api-attachment", kwargs={"token": obj.token})


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    organisation = serializers.IntegerField(
        source="organisation_id", read_only=True, allow_null=True
    )
    attachments = MessageAttachmentSerializer(many=True, read_only=True)
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "author",
            "organisation",
            "body",
            "body_html",
            "is_hidden",
            "created_at",
            "attachments",
        ]

    def get_author(self, obj: Message) -> str:
        return str(obj.author) if obj.author_id else "deleted member"

    def get_body(self, obj: Message) -> str:
        return "" if obj.is_hidden else obj.body

    def get_body_html(self, obj: Message) -> str:
        return "" if obj.is_hidden else obj.body_html


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSlot
        fields = ["id", "starts_at"]


class MeetingSerializer(serializers.ModelSerializer):
    slots = serializers.SerializerMethodField()
    proposed_by_organisation = serializers.IntegerField(source="proposed_by_org_id", read_only=True)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, read_only=True)
    ends_at = serializers.DateTimeField(read_only=True, allow_null=True)
    when = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "conversation",
            "uid",
            "title",
            "duration_minutes",
            "mode",
            "url",
            "address",
            "note",
            "status",
            "starts_at",
            "ends_at",
            "when",
            "sequence",
            "proposed_by_organisation",
            "slots",
        ]

    def get_slots(self, obj: Meeting) -> list[dict]:
        # many=True makes a ListSerializer, whose data is a list; the stubs type it as the child's.
        slots = [s for s in obj.slots.all() if s.is_current]
        return SlotSerializer(slots, many=True).data  # type: ignore[return-value]

    def get_when(self, obj: Meeting) -> str:
        """Both zones, e.g. "13:00–13:45 JST / 09:30–10:15 IST" (empty until a slot is agreed)."""
        if obj.starts_at is None:
            return ""
        return hours.both_zones(obj.starts_at, obj.duration_minutes, ["Asia/Tokyo", "Asia/Kolkata"])


class MeetingProposeSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    starts = serializers.ListField(child=serializers.DateTimeField(), min_length=1, max_length=3)
    duration_minutes = serializers.ChoiceField(choices=DURATIONS)
    mode = serializers.ChoiceField(choices=MeetingMode.choices)
    url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MeetingProposedSerializer(MeetingSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "warnings"]


class MeetingAcceptSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class MeetingCounterSerializer(serializers.Serializer):
    starts = serializers.ListField(child=serializers.DateTimeField(), min_length=1, max_length=3)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MeetingRescheduleSerializer(serializers.Serializer):
    """New times for an accepted meeting: the other side accepts one of them (`accept`)."""

    starts = serializers.ListField(child=serializers.DateTimeField(), min_length=1, max_length=3)
    note = serializers.CharField(max_length=2000)


class MeetingCancelSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class MeetingRecordSerializer(serializers.Serializer):
    held = serializers.BooleanField()


class SuggestionSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    when = serializers.CharField()


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="token", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    accepted = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    nda_kind = serializers.ChoiceField(choices=NdaKind.choices, read_only=True)

    class Meta:
        model = DealDocument
        fields = [
            "id",
            "conversation",
            "organisation",
            "title",
            "description",
            "name",
            "content_type",
            "size",
            "sha256",
            "nda_kind",
            "accepted",
            "revoked_at",
            "created_at",
            "file_url",
        ]

    def _access(self, obj: DealDocument) -> bool:
        org = self.context["request"].user.organisation_id
        if org == obj.organisation_id:
            return True
        return obj.revoked_at is None and any(
            a.organisation_id == org for a in obj.acceptances.all()
        )

    def get_accepted(self, obj: DealDocument) -> bool:
        org = self.context["request"].user.organisation_id
        return any(a.organisation_id == org for a in obj.acceptances.all())

    def get_file_url(self, obj: DealDocument) -> str | None:
        if not self._access(obj):
            return None
        return reverse("document-file", kwargs={"token": obj.token})


class DocumentCreateSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    file = serializers.FileField()
    nda_kind = serializers.ChoiceField(choices=NdaKind.choices, default=NdaKind.STANDARD)
    nda_file = serializers.FileField(required=False)


class TermsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NdaKind.choices)
    language = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_null=True)
    sha256 = serializers.CharField()
    pdf_url = serializers.CharField(allow_null=True)


class AcceptanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = NdaAcceptance
        fields = [
            "organisation",
            "user_label",
            "accepted_at",
            "ip_address",
            "language",
            "terms_sha256",
        ]


class AccessSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = DocumentAccess
        fields = ["user", "organisation", "action", "ip_address", "created_at"]

    def get_user(self, obj: DocumentAccess) -> str:
        return obj.user.email if obj.user is not None else "deleted member"


class OutcomeSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False, allow_blank=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "conversation",
            "organisation",
            "kind",
            "value",
            "currency",
            "note",
            "recorded_at",
        ]
        read_only_fields = ["id", "organisation", "recorded_at"]
        extra_kwargs = {"conversation": {"queryset": Conversation.objects.all()}}


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.CharField(allow_null=True)

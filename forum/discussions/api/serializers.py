"""API shapes of the forum. Input serializers only parse; services apply every rule."""

from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from accounts.models import Organisation
from forum.discussions.models import Board, Flag, FlagReason, Post, Thread
from forum.discussions.services.common import BODY_MAX_CHARS, display_name
from forum.i18n import LANGUAGE_CHOICES


class BoardSerializer(serializers.ModelSerializer):
    thread_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Board
        fields = [
            "id",
            "slug",
            "name_en",
            "name_ja",
            "name_hi",
            "description_en",
            "description_ja",
            "description_hi",
            "is_qa",
            "is_public",
            "thread_count",
            "is_sample",
        ]
        read_only_fields = fields


class ThreadSerializer(serializers.ModelSerializer):
    board: serializers.SlugRelatedField[Board] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    author = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "board",
            "title",
            "language",
            "author",
            "is_visible",
            "is_locked",
            "is_pinned",
            "solved_post",
            "post_count",
            "last_posted_at",
            "created_at",
            "is_sample",
            "url",
        ]
        read_only_fields = fields

    def get_author(self, thread: Thread) -> str:
        return display_name(thread.author)


class ThreadCreateSerializer(serializers.Serializer):
    board = serializers.SlugRelatedField(slug_field="slug", queryset=Board.objects.all())
    title = serializers.CharField(max_length=200)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    body = serializers.CharField(max_length=BODY_MAX_CHARS)


class OrganisationBadgeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "country", "is_verified"]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    organisation = OrganisationBadgeSerializer(read_only=True)
    edited = serializers.SerializerMethodField()
    status_reason = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "organisation",
            "body",
            "body_html",
            "quoted_post",
            "status",
            "status_reason",
            "open_flag_count",
            "edited",
            "edited_at",
            "created_at",
            "is_sample",
        ]
        read_only_fields = fields

    def get_author(self, post: Post) -> str:
        return display_name(post.author)

    def get_edited(self, post: Post) -> bool:
        return post.edited_at is not None

    def get_status_reason(self, post: Post) -> str:
        """System reasons in the reader's language; a moderator's words as written."""
        return gettext(post.status_reason) if post.status_reason else ""


class PostCreateSerializer(serializers.Serializer):
    thread = serializers.PrimaryKeyRelatedField(queryset=Thread.objects.select_related("board"))
    body = serializers.CharField(max_length=BODY_MAX_CHARS)
    quoted_post = serializers.PrimaryKeyRelatedField(
        queryset=Post.objects.all(), required=False, allow_null=True
    )


class PostEditSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX_CHARS)


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "post", "reason", "note", "status", "created_at"]
        read_only_fields = ["id", "status", "created_at"]
        # The (post, flagger) uniqueness is the service's to report, with its own message.
        validators: list = []
        # `post` is nullable on the model (other apps' flags have a target instead); here it
        # is what one flags.
        extra_kwargs = {
            "reason": {"choices": FlagReason.choices},
            "post": {"required": True, "allow_null": False},
        }


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ModeratorEditSerializer(ReasonSerializer):
    body = serializers.CharField(max_length=BODY_MAX_CHARS)


class MoveSerializer(ReasonSerializer):
    board = serializers.SlugRelatedField(slug_field="slug", queryset=Board.objects.all())


class SolveSerializer(serializers.Serializer):
    post = serializers.PrimaryKeyRelatedField(queryset=Post.objects.all(), allow_null=True)


class PersonActionSerializer(ReasonSerializer):
    days = serializers.IntegerField(min_value=1, max_value=3650, required=False, default=7)


class QueueItemSerializer(PostSerializer):
    thread_title = serializers.CharField(source="thread.title", read_only=True)
    flags = serializers.SerializerMethodField()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "thread_title", "flags"]
        read_only_fields = fields

    def get_flags(self, post: Post) -> list[dict]:
        return [
            {"reason": flag.reason, "note": flag.note, "created_at": flag.created_at}
            for flag in getattr(post, "open_flags", [])
        ]


class FlaggedFlagSerializer(serializers.Serializer):
    reason = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class FlaggedItemSerializer(serializers.Serializer):
    """Another app's flagged item (a partner message) in the moderation queue."""

    key = serializers.CharField(help_text="The kind of item, e.g. partnerships.message.")
    id = serializers.IntegerField(source="target.pk")
    kind = serializers.SerializerMethodField(help_text="The kind, in the reader's language.")
    text = serializers.SerializerMethodField()
    flags = FlaggedFlagSerializer(many=True)

    def get_kind(self, item) -> str:
        return str(item.registration.label)

    def get_text(self, item) -> str:
        return item.registration.describe(item.target)


class FlaggedDecisionSerializer(ReasonSerializer):
    decision = serializers.ChoiceField(choices=[("hide", "hide"), ("dismiss", "dismiss")])


class FlaggedDecidedSerializer(serializers.Serializer):
    flags_resolved = serializers.IntegerField()

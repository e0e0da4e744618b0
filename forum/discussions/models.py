"""Boards, threads, posts, their revisions, flags, subscriptions and moderation notices.

Counters and search columns are kept right by `services.py`, never by save() or signals.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.i18n import LANGUAGE_CHOICES, pick


class Board(models.Model):
    """A topic area. Admins manage boards in Django admin; names come in three languages."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)
    is_qa = models.BooleanField(
        _("questions and answers"),
        default=False,
        help_text=_("Thread authors can mark the answer that solved their question."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Visitors who are not signed in can read it.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return pick(self, "name").text or self.name_en


class Thread(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="threads", verbose_name=_("board")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    # Mirrors the first post: a thread is listed only while its opening post is visible.
    is_visible = models.BooleanField(_("visible"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    solved_post = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("solved post"),
    )
    post_count = models.PositiveIntegerField(_("posts"), default=0)  # visible posts
    last_posted_at = models.DateTimeField(_("last posted at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_sample = models.BooleanField(_("sample data"), default=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    class Meta:
        ordering = ["-is_pinned", "-last_posted_at", "-id"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["board", "is_visible", "-is_pinned", "-last_posted_at"]),
            GinIndex(fields=["search_vector"], name="discussions_thread_fts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("discussions:thread", kwargs={"pk": self.pk})


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden")


class Post(models.Model):
    # No index of its own: the composite indexes below all lead with the thread.
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("thread"),
        db_index=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    # The organisation the author wrote for, kept so the badge stays right if they move.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
        verbose_name=_("organisation"),
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(
        _("body (HTML)"), editable=False
    )  # always forum.markdown.render_markdown(body)
    quoted_post = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("quoted post"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PostStatus.choices, default=PostStatus.VISIBLE
    )
    # Why it waits or why it was hidden; shown to the author.
    status_reason = models.TextField(_("status reason"), blank=True)
    hidden_by_flags = models.BooleanField(_("hidden by flags"), default=False)
    open_flag_count = models.PositiveIntegerField(_("open flags"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When it first became visible: the subscription mails' high-water mark compares to it.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["thread", "status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["thread", "published_at"]),
            # A thread's page in reading order: the first 20 of a long thread are read off the
            # index and only they are joined to their authors and organisations (the status
            # condition, "visible or mine", is an OR that the index above cannot order).
            models.Index(fields=["thread", "created_at", "id"], name="discussions_post_reading"),
            GinIndex(fields=["search_vector"], name="discussions_post_fts"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} in {self.thread_id}"

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE

    @property
    def is_pending(self) -> bool:
        return self.status == PostStatus.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.status == PostStatus.HIDDEN


class PostRevision(models.Model):
    """The text a post had before an edit; moderators can read every earlier version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or harassing")
    ILLEGAL = "illegal", _("Illegal")
    OTHER = "other", _("Something else")


class FlagStatus(models.TextChoices):
    # Contexts keep this status apart from the "Open" button and a conversation's status.
    OPEN = "open", pgettext_lazy("flag status", "Open")
    AGREED = "agreed", _("Agreed")
    DISAGREED = "disagreed", _("Disagreed")


class Flag(models.Model):
    """A member's report of something a moderator should look at, with one of the reasons.

    A forum post's flag has `post`. Content that a higher app keeps (a partner conversation
    message) is flagged through `target`, for models registered in `flagtargets`: the same
    reasons, the same queue and the same decisions, without this app importing that one.
    """

    post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("post"),
    )
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kind of flagged item"),
    )
    target_id = models.PositiveBigIntegerField(_("flagged item ID"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_flags",
        verbose_name=_("flagger"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=FlagReason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"], name="one_flag_per_person_per_post"
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "flagger"],
                condition=models.Q(target_type__isnull=False),
                name="one_flag_per_person_per_target",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, target_type__isnull=True, target_id__isnull=True)
                    | models.Q(
                        post__isnull=True, target_type__isnull=False, target_id__isnull=False
                    )
                ),
                name="flag_has_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "post"]),
            models.Index(fields=["status", "target_type", "target_id"], name="flag_open_target"),
        ]

    def __str__(self) -> str:
        if self.post_id is None:
            return f"{self.get_reason_display()} on {self.target_type_id}:{self.target_id}"
        return f"{self.get_reason_display()} on post {self.post_id}"


class Subscription(models.Model):
    """Someone following a thread. `notified_until` is the high-water mark of the batched mails;
    `read_until` is how far they have read (the latest post shown to them on the thread's
    pages), so "new posts" counts what they have not seen yet, not what was mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)
    notified_until = models.DateTimeField(default=timezone.now)
    read_until = models.DateTimeField(_("read until"), default=timezone.now)

    class Meta:
        verbose_name = _("thread subscription")
        verbose_name_plural = _("thread subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_subscription_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class ModerationNotice(models.Model):
    """What a moderator did to someone's content and why; mailed once, listed for them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notices",
        verbose_name=_("recipient"),
    )
    action = models.CharField(_("action"), max_length=40)
    subject = models.CharField(
        _("subject"), max_length=300
    )  # what it was about, e.g. the thread title
    url = models.CharField(_("URL"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation notice")
        verbose_name_plural = _("moderation notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} → {self.recipient_id}"

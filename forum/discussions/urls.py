from __future__ import annotations

from django.urls import path

from forum.discussions.views import moderation, reading, writing

app_name = "discussions"

urlpatterns = [
    path("", reading.board_index, name="index"),
    path("notices/", reading.notices, name="notices"),
    path("following/", reading.followed, name="followed"),
    path("b/<slug:slug>/", reading.board_detail, name="board"),
    path("b/<slug:slug>/new/", writing.thread_create, name="thread_create"),
    path("t/<int:pk>/", reading.thread_detail, name="thread"),
    path("t/<int:pk>/unread/", reading.thread_unread, name="thread_unread"),
    path("t/<int:pk>/reply/", writing.thread_reply, name="thread_reply"),
    path("t/<int:pk>/subscribe/", writing.thread_subscribe, name="thread_subscribe"),
    path("t/<int:pk>/solve/", writing.thread_solve, name="thread_solve"),
    path("p/<int:pk>/edit/", writing.post_edit, name="post_edit"),
    path("p/<int:pk>/flag/", writing.post_flag, name="post_flag"),
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/p/<int:pk>/", moderation.post_review, name="moderation_post"),
    path("moderation/t/<int:pk>/", moderation.thread_actions, name="moderation_thread"),
    path("moderation/u/<int:pk>/", moderation.person_actions, name="moderation_person"),
    path(
        "moderation/flagged/<str:key>/<int:pk>/",
        moderation.flagged_review,
        name="moderation_flagged",
    ),
]

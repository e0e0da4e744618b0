"""HTML routes of matchmaking, mounted at /partners/ (match runs live at /partners/runs/)."""

from __future__ import annotations

from django.urls import path

from matchmaking.views import directory, introductions, matches, shortlist

app_name = "matchmaking"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("profile/", directory.profile_edit, name="profile_edit"),
    path("matches/", matches.matches, name="matches"),
    path("shortlist/", shortlist.shortlist, name="shortlist"),
    path("shortlist/<int:entry_id>/note/", shortlist.shortlist_note, name="shortlist_note"),
    path("shortlist/<int:entry_id>/remove/", shortlist.shortlist_remove, name="shortlist_remove"),
    path("introductions/", introductions.introductions, name="introductions"),
    path(
        "introductions/<int:pk>/accept/",
        introductions.introduction_accept,
        name="introduction_accept",
    ),
    path(
        "introductions/<int:pk>/decline/",
        introductions.introduction_decline,
        name="introduction_decline",
    ),
    path(
        "introductions/<int:pk>/withdraw/",
        introductions.introduction_withdraw,
        name="introduction_withdraw",
    ),
    path("org/<slug:slug>/", directory.profile_detail, name="profile"),
    path("org/<slug:slug>/shortlist/", shortlist.shortlist_add, name="shortlist_add"),
    path(
        "org/<slug:slug>/introduce/",
        introductions.introduction_request,
        name="introduction_request",
    ),
    path("org/<slug:slug>/not-interested/", matches.not_interested, name="not_interested"),
]

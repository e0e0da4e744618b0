"""HTML routes at /programs/."""

from __future__ import annotations

from django.urls import path

from programs.views import funding, notices, training

app_name = "programs"

urlpatterns = [
    path("", training.programme_list, name="programme_list"),
    path("new/", training.programme_create, name="programme_create"),
    path("mine/", training.my_activity, name="mine"),
    path("<int:pk>/", training.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", training.programme_edit, name="programme_edit"),
    path("<int:pk>/publish/", training.programme_publish, name="programme_publish"),
    path("<int:pk>/withdraw/", training.programme_withdraw, name="programme_withdraw"),
    path("<int:pk>/sessions/", training.session_add, name="session_add"),
    path("sessions/<int:pk>/enrol/", training.enrol, name="enrol"),
    path("enrolments/<int:pk>/cancel/", training.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:pk>/complete/", training.enrolment_complete, name="enrolment_complete"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:pk>/attachments/", notices.notice_attach, name="notice_attach"),
    path(
        "attachments/<int:pk>/download/",
        notices.attachment_download,
        name="attachment_download",
    ),
    path("funding/", funding.window_list, name="window_list"),
    path("funding/new/", funding.window_create, name="window_create"),
    path("funding/<int:pk>/", funding.window_detail, name="window_detail"),
    path("funding/<int:pk>/edit/", funding.window_edit, name="window_edit"),
    path("funding/<int:pk>/publish/", funding.window_publish, name="window_publish"),
    path("funding/<int:pk>/withdraw/", funding.window_withdraw, name="window_withdraw"),
    path("funding/<int:pk>/interest/", funding.interest_send, name="interest_send"),
    path("funding/<int:pk>/interests/", funding.window_interests, name="window_interests"),
    path("interests/<int:pk>/withdraw/", funding.interest_withdraw, name="interest_withdraw"),
    path("interests/<int:pk>/mark/", funding.interest_mark, name="interest_mark"),
]

"""HTML routes of partnerships, mounted at /partners/ beside matchmaking's."""

from __future__ import annotations

from django.urls import path

from matchmaking.partnerships.views import conversations, deals, meetings, staff

app_name = "partnerships"

urlpatterns = [
    path("conversations/", conversations.conversation_list, name="conversations"),
    path("conversations/unread.json", conversations.unread, name="unread"),
    path("conversations/<int:pk>/", conversations.conversation_detail, name="conversation"),
    path(
        "conversations/<int:pk>/block/", conversations.conversation_block, name="conversation_block"
    ),
    path("conversations/<int:pk>/outcome/", conversations.outcome_save, name="outcome"),
    path("conversations/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("conversations/<int:pk>/documents/new/", deals.document_new, name="document_new"),
    path("messages/<int:pk>/report/", conversations.message_report, name="message_report"),
    path("files/<str:token>/", conversations.attachment_download, name="attachment"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/accept/", meetings.meeting_accept, name="meeting_accept"),
    path("meetings/<int:pk>/counter/", meetings.meeting_counter, name="meeting_counter"),
    path("meetings/<int:pk>/reschedule/", meetings.meeting_reschedule, name="meeting_reschedule"),
    path("meetings/<int:pk>/keep-time/", meetings.meeting_keep_time, name="meeting_keep_time"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/record/", meetings.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/invite.ics", meetings.meeting_ics, name="meeting_ics"),
    path("working-hours/", meetings.working_hours, name="working_hours"),
    path("calendar/", meetings.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", meetings.calendar_feed, name="calendar_feed"),
    path("deal-room/<str:token>/", deals.document_detail, name="document"),
    path("deal-room/<str:token>/file/", deals.document_file, name="document_file"),
    path("deal-room/<str:token>/nda.pdf", deals.document_nda, name="document_nda"),
    path("deal-room/<str:token>/accept/", deals.nda_accept, name="nda_accept"),
    path("deal-room/<str:token>/revoke/", deals.document_revoke, name="document_revoke"),
    path("reported-messages/", staff.reports, name="reports"),
    path("outcomes.csv", staff.outcomes_csv, name="outcomes_csv"),
]

from __future__ import annotations

from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.account_home, name="account_home"),
    path("preferences/", views.account_preferences, name="account_preferences"),
    path("tokens/", views.account_token_create, name="account_token_create"),
    path("tokens/<int:pk>/revoke/", views.account_token_revoke, name="account_token_revoke"),
    path("export/", views.account_export, name="account_export"),
    path("delete/", views.account_delete, name="account_delete"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("organisation/", views.account_organisation, name="account_organisation"),
    path("organisation/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisation/invite/", views.invitation_create, name="invitation_create"),
    path(
        "organisation/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisation/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("organisation/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("verification/<int:pk>/", views.verification_decide, name="verification_decide"),
    path("audit/", views.audit_log, name="audit_log"),
]

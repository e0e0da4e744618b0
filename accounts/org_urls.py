from __future__ import annotations

from django.urls import path

from accounts import views

urlpatterns = [
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]

"""The dashboards (the home page itself is the site root, named "home", in forum/urls.py)."""

from __future__ import annotations

from django.urls import path

from forum.home import views

app_name = "home"

urlpatterns = [
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("windows/<int:pk>/", views.window_dashboard, name="window_dashboard"),
    path("windows/<int:pk>/pool/", views.window_pool, name="window_pool"),
    path("notices/<int:pk>/", views.notice_dashboard, name="notice_dashboard"),
    path("msme/<slug:slug>/", views.msme_dashboard, name="msme_dashboard"),
]

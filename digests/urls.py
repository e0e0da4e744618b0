from __future__ import annotations

from django.urls import path

from digests import views

app_name = "digests"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("preview/<int:user_id>/", views.preview, name="preview"),
]

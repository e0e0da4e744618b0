from __future__ import annotations

from django.urls import path

from matchmaking.runs import views

app_name = "matchruns"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("run-now/", views.run_request, name="request"),
]

from __future__ import annotations

from django.urls import path

from forum.savedsearches import views

app_name = "savedsearches"

urlpatterns = [
    path("", views.savedsearch_list, name="list"),
    path("save/", views.savedsearch_create, name="create"),
    path("<int:pk>/rename/", views.savedsearch_rename, name="rename"),
    path("<int:pk>/delete/", views.savedsearch_delete, name="delete"),
    path("results/<int:pk>/mute/", views.savedsearch_result_mute, name="mute"),
]

from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/new/", views.import_create, name="import-create"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/import/", views.import_commit, name="import-commit"),
    path("imports/<int:pk>/progress.json", views.import_progress, name="import-progress"),
]

from django.urls import path

from downloads import views

app_name = "downloads"

urlpatterns = [
    path("files/", views.prepared_file_list, name="prepared-file-list"),
    path("files/<int:pk>/", views.prepared_file, name="prepared-file"),
    path("files/<int:pk>/progress.json", views.prepared_file_progress, name="progress"),
    path("files/<int:pk>/download/", views.prepared_file_download, name="download"),
]

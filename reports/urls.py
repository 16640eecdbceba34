from django.urls import path, re_path

from reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/annual/", views.annual, name="annual"),
    path("reports/annual/commentary/", views.commentary_edit, name="commentary"),
    re_path(
        r"^reports/annual/export\.(?P<file_format>xlsx|pdf)$",
        views.annual_export,
        name="annual-export",
    ),
    path("reports/annual/<slug:section>.csv", views.annual_csv, name="annual-csv"),
    path("reports/annual/owner/<slug:template>.xlsx", views.owner_export, name="owner-export"),
    path("reports/years/<int:year>/close/", views.close_year, name="close-year"),
    path("reports/years/<int:year>/reopen/", views.reopen_year, name="reopen-year"),
]

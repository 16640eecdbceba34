from django.urls import path, re_path

from funding import views

app_name = "funding"

urlpatterns = [
    path("funding/", views.overview, name="overview"),
    path("funding/grants/new/", views.grant_create, name="grant-create"),
    path("funding/grants/<int:pk>/edit/", views.grant_edit, name="grant-edit"),
    path("funding/grants/<int:pk>/history/", views.grant_history, name="grant-history"),
    path("funding/placements/new/", views.placement_create, name="placement-create"),
    path("funding/placements/<int:pk>/edit/", views.placement_edit, name="placement-edit"),
    path("funding/placements/<int:pk>/history/", views.placement_history, name="placement-history"),
    path("funding/targets/", views.targets_edit, name="targets-edit"),
    path("funding/state-aid/", views.state_aid_register, name="state-aid-register"),
    path("services/", views.service_list, name="service-list"),
    path("services/new/", views.service_create, name="service-create"),
    re_path(
        r"^services/export\.(?P<file_format>csv|xlsx)$", views.service_export, name="service-export"
    ),
    path("services/<int:pk>/", views.service_detail, name="service-detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service-edit"),
    path("services/<int:pk>/void/", views.service_void, name="service-void"),
    path("services/<int:pk>/history/", views.service_history, name="service-history"),
]

from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("grants/new/", views.grant_create, name="grant-create"),
    path("grants/<int:pk>/edit/", views.grant_edit, name="grant-edit"),
    path("placements/new/", views.placement_create, name="placement-create"),
    path("placements/<int:pk>/edit/", views.placement_edit, name="placement-edit"),
]

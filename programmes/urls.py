from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("region/", views.region, name="region"),
]

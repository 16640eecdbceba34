"""The accounts' pages: the second factor after the password, and the admin's login."""

from django.urls import include, path

from accounts.admin_login import admin_login

urlpatterns = [
    # The second factor after the password: required for managers and administrators.
    path("accounts/two-factor/", include("accounts.two_factor.urls")),
    # One login page for the staff pages and the admin.
    path("admin/login/", admin_login),
]

"""The accounts' pages: the second factor after the password, choosing a new password
by e-mail, and the admin's login."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import password_reset
from accounts.admin_login import admin_login

urlpatterns = [
    # The second factor after the password: required for managers and administrators.
    path("accounts/two-factor/", include("accounts.two_factor.urls")),
    # A forgotten password: the address, then the link sent by e-mail (also the
    # invitation's), then a new password. Open without login.
    path(
        "accounts/password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # One login page for the staff pages and the admin.
    path("admin/login/", admin_login),
]

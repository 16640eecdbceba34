"""The two-factor pages, under /accounts/two-factor/ beside the password change."""

from django.urls import path

from accounts.two_factor import views

urlpatterns = [
    path("", views.account, name="two_factor"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("enrol/", views.enrol, name="two_factor_enrol"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path("recovery-codes/new/", views.recovery_codes_new, name="two_factor_recovery_codes_new"),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
]

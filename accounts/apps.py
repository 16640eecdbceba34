from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """No models of its own: the users and groups are Django's, the devices django-otp's,
    the login attempts django-axes'."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import mark_refreshed

        # The idle clock of a session starts at login (accounts/sessions.py).
        user_logged_in.connect(mark_refreshed, dispatch_uid="accounts.sessions")

from django.apps import AppConfig


class NaeringshageConfig(AppConfig):
    """The project package is an app too, for its management commands (seed_demo)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "naeringshage"
    verbose_name = "Næringshage"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from naeringshage.sessions import mark_refreshed

        # The idle clock of a session starts at login (naeringshage/sessions.py).
        user_logged_in.connect(mark_refreshed, dispatch_uid="naeringshage.sessions")

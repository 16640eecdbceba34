from django.apps import AppConfig


class NaeringshageConfig(AppConfig):
    """The project package: settings, root urls, the base context. No models or commands
    of its own (the demo and test data commands are the demo app's)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "naeringshage"
    verbose_name = "Næringshage"

from django.apps import AppConfig


class NaeringshageConfig(AppConfig):
    """The project package is an app too, for its management commands (seed_demo)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "naeringshage"
    verbose_name = "Næringshage"

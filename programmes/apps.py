from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = "Programmet og næringshagene"

    def ready(self) -> None:
        from programmes import page_cache

        page_cache.connect()

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Periodic jobs: management commands run at set times (settings.PERIODIC_JOBS) by
    the task worker, put in its queue by `manage.py run_schedule`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "Faste jobber"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo and test data: the demo næringshage's users, companies, grants and
    services (`seed_demo`), the national-scale generator (`generate_data`), the demo
    authenticator key (`demo_totp_code`). No models: it writes every other app's rows,
    so it sits above them all and nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo data")

"""On PostgreSQL, forbid two thresholds of the state-aid register in force on the same
day. Elsewhere `clean()` is the check."""

from django.db import migrations

from municipalities.validity import no_overlap_on_postgresql


class Migration(migrations.Migration):
    dependencies = [("funding", "0011_aid_register_thresholds")]

    operations = [
        no_overlap_on_postgresql(
            "funding_aidregisterthreshold", "funding_aidregisterthreshold_no_overlap", []
        ),
    ]

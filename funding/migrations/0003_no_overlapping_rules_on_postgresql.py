"""On PostgreSQL, forbid two own-share rules (or two exception periods) for one kind
of grant in force on the same day. Elsewhere `clean()` is the check."""

from django.db import migrations

from municipalities.validity import btree_gist_on_postgresql, no_overlap_on_postgresql


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_own_share_state_aid_rules_and_priced_services")]

    operations = [
        btree_gist_on_postgresql(),
        no_overlap_on_postgresql(
            "funding_ownsharerule", "funding_ownsharerule_no_overlap", ["grant_kind"]
        ),
        no_overlap_on_postgresql(
            "funding_ownshareexception", "funding_ownshareexception_no_overlap", ["grant_kind"]
        ),
        no_overlap_on_postgresql("funding_stateaidrule", "funding_stateaidrule_no_overlap", []),
    ]

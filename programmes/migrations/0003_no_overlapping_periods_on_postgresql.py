"""On PostgreSQL, forbid overlapping periods in the database itself.

- a programme's periods do not overlap;
- a municipality is in one næringshage's region once at a time (in one role).

Other databases (SQLite) cannot express this; there the model validation
(`clean()`) is the only check.
"""

from django.db import migrations

from municipalities.validity import btree_gist_on_postgresql, no_overlap_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_no_overlapping_numbering_on_postgresql"),
        ("programmes", "0002_programme_naeringshage_and_region"),
    ]

    operations = [
        btree_gist_on_postgresql(),
        no_overlap_on_postgresql(
            "programmes_programmeperiod",
            "programmes_programmeperiod_no_overlap",
            ["programme_id"],
        ),
        no_overlap_on_postgresql(
            "programmes_regionmembership",
            "programmes_regionmembership_no_overlap",
            ["naeringshage_id", "municipality_id"],
        ),
    ]

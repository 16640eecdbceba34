"""On PostgreSQL, forbid overlapping numbering in the database itself.

- one county or municipality has one numbering at a time;
- one number belongs to one county or municipality at a time.

Other databases (SQLite) cannot express this; there the model validation
(`clean()`) is the only check.
"""

from django.db import migrations

from municipalities.validity import btree_gist_on_postgresql, no_overlap_on_postgresql


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_counties_and_municipality_numbering")]

    operations = [
        btree_gist_on_postgresql(),
        no_overlap_on_postgresql(
            "municipalities_countynumbering",
            "municipalities_countynumbering_no_overlap",
            ["county_id"],
        ),
        no_overlap_on_postgresql(
            "municipalities_countynumbering",
            "municipalities_countynumbering_number_not_shared",
            ["number"],
        ),
        no_overlap_on_postgresql(
            "municipalities_municipalitynumbering",
            "municipalities_municipalitynumbering_no_overlap",
            ["municipality_id"],
        ),
        no_overlap_on_postgresql(
            "municipalities_municipalitynumbering",
            "municipalities_municipalitynumbering_number_not_shared",
            ["number"],
        ),
    ]

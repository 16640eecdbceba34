"""On PostgreSQL, forbid two enrolments of one company running on the same day in the
database itself. Other databases (SQLite) rely on the model validation (`clean()`).

The period is [start_date, end_date], both days included; an empty end date is
open-ended (as `daterange` treats a NULL bound).
"""

from django.db import migrations

from municipalities.validity import RunSQLOnPostgreSQL, btree_gist_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_contact_persons_key_figures_enrolments_and_events"),
    ]

    operations = [
        btree_gist_on_postgresql(),
        RunSQLOnPostgreSQL(
            'ALTER TABLE "programmes_enrolment" ADD CONSTRAINT "programmes_enrolment_no_overlap" '
            'EXCLUDE USING gist ("company_id" WITH =, '
            'daterange("start_date", "end_date", \'[]\') WITH &&)',
            reverse_sql='ALTER TABLE "programmes_enrolment" '
            'DROP CONSTRAINT "programmes_enrolment_no_overlap"',
        ),
    ]

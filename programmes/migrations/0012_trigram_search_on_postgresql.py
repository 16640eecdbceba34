"""On PostgreSQL, the pg_trgm extension: the company search compares names by trigram
word similarity (programmes.selectors.search), so that one typo still finds the company.

pg_trgm is a trusted extension: the database owner may create it. Other databases
(SQLite) have no extensions; there the search does its fuzzy match in Python. The
extension is not dropped on reversal, since other database objects may use it.
"""

from django.db import migrations

from municipalities.validity import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0011_servicetype_default_hourly_rate"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
        ),
    ]

"""An event whose start is broken as rows were before the constraints: written around
the CHECK constraint, inside the test's transaction (which puts the constraint back)."""

from django.db import connection

from programmes.models import Event


def break_the_start(event: Event) -> None:
    """Make `event` start at 0001-01-01 00:00 in Oslo, as the form once accepted. On
    PostgreSQL that is a time before Christ in UTC, which psycopg2 cannot read."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The foreign keys' deferred checks first: a table with pending ones is not altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE programmes_event DROP CONSTRAINT programmes_event_starts_at_in_range"
            )
            cursor.execute(
                "UPDATE programmes_event SET ends_at = NULL, "
                "starts_at = TIMESTAMP '0001-01-01 00:00' AT TIME ZONE 'Europe/Oslo' "
                "WHERE id = %s",
                [event.pk],
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                cursor.execute(
                    "UPDATE programmes_event SET ends_at = NULL, "
                    "starts_at = '0001-01-01 00:00:00' WHERE id = %s",
                    [event.pk],
                )
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")

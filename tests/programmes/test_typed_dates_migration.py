"""Migration 0010 adds the range constraints only to a database whose events and
enrolments are all in range: rows outside are listed, by model, id and value, and the
migration stops with nothing of it applied. Correcting them lets it through."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

BEFORE = ("programmes", "0009_plain_text_and_contact_person_version")
RANGE_MIGRATION = ("programmes", "0010_typed_dates_in_range")
OSLO = ZoneInfo("Europe/Oslo")

# Migrating needs the schema editor outside a transaction (SQLite's requires it).
pytestmark = pytest.mark.django_db(transaction=True)


def migrate(*targets):
    """Migrate to `targets` (none: every app's latest) and return the apps of that state."""
    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def constraints(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.fixture
def before_the_constraints(reference_data):
    apps = migrate(BEFORE)
    yield apps
    migrate()  # the latest state, whatever the test did


def test_rows_outside_the_range_are_listed_and_stop_the_migration(before_the_constraints):
    apps = before_the_constraints
    Naeringshage = apps.get_model("programmes", "Naeringshage")
    Municipality = apps.get_model("municipalities", "Municipality")
    Event = apps.get_model("programmes", "Event")
    Company = apps.get_model("programmes", "Company")
    Enrolment = apps.get_model("programmes", "Enrolment")
    roros = Naeringshage.objects.get(slug="rorosregionen")
    tynset = Municipality.objects.get(slug="tynset")
    # Year 1 where the database holds it; SQLite's driver cannot write it at all.
    year = 1 if connection.vendor == "postgresql" else 1989
    broken = Event.objects.create(
        naeringshage=roros,
        title="Gammelt forum",
        kind="course",
        starts_at=datetime(year, 12, 31, 23, 0, tzinfo=OSLO),
        municipality=tynset,
    )
    fine = Event.objects.create(
        naeringshage=roros,
        title="Forum",
        kind="course",
        starts_at=datetime(2016, 9, 22, 9, 0, tzinfo=OSLO),
        municipality=tynset,
    )
    company = Company.objects.create(
        naeringshage=roros,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=tynset,
    )
    enrolment = Enrolment.objects.create(
        company=company, kind="target", start_date=date(2016, 1, 1), end_date=date(9999, 12, 31)
    )

    with pytest.raises(CommandError) as refused:
        migrate(RANGE_MIGRATION)

    message = str(refused.value)
    assert message.startswith("2 dates are outside 01.01.1990–31.12.2100")
    assert f"programmes.Event id={broken.pk} starts_at={year:04d}-12-31 2" in message
    assert "(UPDATE programmes_event SET starts_at = '...' WHERE id = " in message
    assert f"programmes.Enrolment id={enrolment.pk} end_date=9999-12-31" in message
    assert f"id={fine.pk} " not in message
    assert RANGE_MIGRATION not in MigrationRecorder(connection).applied_migrations()
    assert "programmes_event_starts_at_in_range" not in constraints("programmes_event")

    Event.objects.filter(pk=broken.pk).update(starts_at=datetime(2001, 1, 1, 9, tzinfo=OSLO))
    Enrolment.objects.filter(pk=enrolment.pk).update(end_date=None)
    migrate(RANGE_MIGRATION)

    assert RANGE_MIGRATION in MigrationRecorder(connection).applied_migrations()
    assert "programmes_event_starts_at_in_range" in constraints("programmes_event")
    assert "programmes_enrolment_end_date_in_range" in constraints("programmes_enrolment")

"""Migration 0008 adds the range constraints only to a database whose services,
placements and grants are all dated in range: rows outside are listed, by model, id and
value, and the migration stops with nothing of it applied."""

from datetime import date

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

BEFORE = ("funding", "0007_plain_text_and_placement_version")
RANGE_MIGRATION = ("funding", "0008_typed_dates_in_range")

# Migrating needs the schema editor outside a transaction (SQLite's requires it).
pytestmark = pytest.mark.django_db(transaction=True)


def migrate(*targets):
    """Migrate to `targets` (none: every app's latest) and return the apps of that state."""
    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_constraints(reference_data):
    apps = migrate(BEFORE)
    yield apps
    migrate()  # the latest state, whatever the test did


def test_dates_outside_the_range_are_listed_and_stop_the_migration(before_the_constraints):
    Grant = before_the_constraints.get_model("funding", "Grant")
    Placement = before_the_constraints.get_model("funding", "Placement")
    frame = Grant.objects.filter(kind="siva_frame").order_by("pk").first()
    placement = Placement.objects.order_by("pk").first()
    Grant.objects.filter(pk=frame.pk).update(received_on=date(9999, 12, 31))
    Placement.objects.filter(pk=placement.pk).update(decision_date=date(1, 1, 1))

    with pytest.raises(CommandError) as refused:
        migrate(RANGE_MIGRATION)

    message = str(refused.value)
    assert message.startswith("2 dates are outside 01.01.1990–31.12.2100")
    assert f"funding.Grant id={frame.pk} received_on=9999-12-31" in message
    assert f"funding.Placement id={placement.pk} decision_date=0001-01-01" in message
    assert "(UPDATE funding_placement SET decision_date = '...' WHERE id = " in message
    assert RANGE_MIGRATION not in MigrationRecorder(connection).applied_migrations()

    Grant.objects.filter(pk=frame.pk).update(received_on=None)
    Placement.objects.filter(pk=placement.pk).update(decision_date=date(2016, 1, 20))
    migrate(RANGE_MIGRATION)

    assert RANGE_MIGRATION in MigrationRecorder(connection).applied_migrations()

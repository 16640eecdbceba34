from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from tests.funding.conftest import (  # noqa: F401 - the funding tests' cast
    advice,
    company,
    other_naeringshage,
    roros,
    roros_adviser,
    roros_municipality,
)


def run_tasks() -> None:
    """What the task worker would do now: run every queued task, then stop.

    As Django's test client does for requests, the worker's check of old connections is
    left out: inside a test's transaction it would close the test's own connection."""
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def prepared_services_file(naeringshage, user):
    """A finished prepared file: the næringshage's services as XLSX, asked for by `user`."""
    from downloads.models import PreparedFile
    from downloads.services import prepared_file_start
    from downloads.tasks import make_prepared_file

    prepared = prepared_file_start(
        naeringshage=naeringshage,
        requested_by=user,
        kind="services-xlsx",
        parameters={"filters": {}},
        title="Tjenester som XLSX",
    )
    make_prepared_file.call(prepared.pk)
    return PreparedFile.objects.get(pk=prepared.pk)

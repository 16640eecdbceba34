"""The import pages cost the same number of queries with few imports and rows as with
many: the list with 2 imports or 30, an import's page with 5 checked rows or 250."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from imports.services import import_check, import_upload
from tests.imports.conftest import csv_file
from tests.programmes.factories import organisation_number


def _checked(roros, manager, rows: int, first: int):
    text = "Orgnr;Navn;Kommune\n" + "".join(
        f"{organisation_number(serial)};Importert {serial} AS;Røros\n"
        for serial in range(first, first + rows)
    )
    item = import_upload(naeringshage=roros, kind="companies", upload=csv_file(text), user=manager)
    return import_check(item=item, user=manager)


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def test_the_import_pages_cost_the_same_queries_however_many(roros, manager, settings):
    settings.IMPORT_TASK_ROWS = 1000  # checked within the call
    client = Client()
    client.force_login(manager)
    client.get("/imports/")  # the session's first write after login, counted nowhere
    small = _checked(roros, manager, 5, 100)
    _checked(roros, manager, 5, 200)
    few = (_queries(client, "/imports/"), _queries(client, f"/imports/{small.pk}/"))
    large = _checked(roros, manager, 250, 300)
    for number in range(27):
        _checked(roros, manager, 1, 1000 + number)
    many = (_queries(client, "/imports/"), _queries(client, f"/imports/{large.pk}/"))
    assert many == few

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from programmes.models import Naeringshage
from programmes.services import staff_membership_set


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def roros(reference_data, adviser, manager) -> Naeringshage:
    naeringshage = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=naeringshage)
    staff_membership_set(user=manager, naeringshage=naeringshage)
    return naeringshage


def csv_file(text: str, name: str = "bedrifter.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "bedrifter.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def uploaded_companies(naeringshage: Naeringshage, user):
    """An import of two companies, uploaded and not yet checked."""
    from imports.services import import_upload
    from tests.programmes.factories import organisation_number

    rows = "".join(
        f"{organisation_number(serial)};Importert {serial} AS;Røros\n" for serial in (71, 72)
    )
    return import_upload(
        naeringshage=naeringshage,
        kind="companies",
        upload=csv_file("Orgnr;Navn;Kommune\n" + rows, name="import.csv"),
        user=user,
    )

"""The example workbook (docs/import/eksempel-import.xlsx, demo.import_file): each of its
sheets imports without a refusal into a næringshage with the year's frames, and the
rows are found where the staff look for them."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.import_file import COMPANIES, CONTACTS, import_workbook, service_days
from funding.models import Funder, Grant, PricedService
from funding.services import grant_create
from imports.models import Import
from programmes.models import Company, ContactPerson
from tests.imports.test_import_pages import check, upload

TODAY = date(2026, 12, 3)
SHIPPED = Path(__file__).resolve().parents[2] / "docs" / "import" / "eksempel-import.xlsx"


def test_the_shipped_workbook_is_the_example_of_its_day():
    assert SHIPPED.read_bytes() == import_workbook(TODAY)


def test_every_sheet_of_the_example_imports(roros, manager_client):
    for year in (2025, 2026):
        grant_create(
            naeringshage=roros, funder=Funder.objects.get(slug="siva"),
            kind=Grant.Kind.SIVA_FRAME, first_year=year, last_year=year,
            amount=Decimal("1500000"), granted_on=date(year, 1, 15),
        )  # fmt: skip
    workbook = import_workbook(TODAY)
    report = manager_client.get("/reports/annual/?year=2025").content.decode()
    assert "Ingen tjenester er registrert i perioden." in report
    expected = {"companies": len(COMPANIES), "contacts": len(CONTACTS),
                "services": len(service_days(TODAY))}  # fmt: skip
    for kind, rows in expected.items():
        item = upload(manager_client, kind, SimpleUploadedFile("eksempel-import.xlsx", workbook))
        assert item.sheet == {"companies": "Bedrifter", "contacts": "Kontaktpersoner",
                              "services": "Tjenester"}[kind]  # fmt: skip
        item = check(manager_client, item)
        assert item.counts == {"create": rows}, [o for o in item.outcomes if o[1] != "create"]
        manager_client.post(f"/imports/{item.pk}/import/")
        assert Import.objects.get(pk=item.pk).status == Import.Status.IMPORTED
    numbers = [row[0] for row in Company.objects.values_list("organisation_number")]
    assert sum(number.startswith("8") for number in numbers) == len(COMPANIES)
    assert ContactPerson.objects.filter(company__organisation_number__startswith="8").count() == (
        len(CONTACTS)
    )
    services = PricedService.objects.filter(company__organisation_number__startswith="8")
    assert {service.date.year for service in services} == {2025, 2026}
    on_frame = services.exclude(grant=None)
    assert all(service.own_share * 4 == service.price for service in on_frame)
    # In the lists and the annual report of the year.
    assert "Gjøsvika Smie AS" in manager_client.get("/companies/?q=Gjøsvika").content.decode()
    report = manager_client.get("/reports/annual/?year=2025").content.decode()
    assert "Ingen tjenester er registrert i perioden." not in report
    assert '<th scope="row">Nettverk</th>' in report  # a service type only the sheet has

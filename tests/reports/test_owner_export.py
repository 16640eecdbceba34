"""The programme owners' file as its template in the reference data defines it: Siva's
programme list with targets and growth, from the growth cohorts of test_growth.py."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from municipalities.reference_data import ReferenceDataError
from reports.models import ExportColumn, ExportTemplate
from reports.reference_data import load_export_columns
from reports.snapshots import close_year
from tests.reports import test_growth

cohorts = test_growth.cohorts  # the fixture: the growth cohorts, worked by hand

URL = "/reports/annual/owner/siva-programliste.xlsx"


def book(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_siva_gets_the_programme_list_with_growth_and_the_targets(
    client,
    cohorts,
    manager_of_roros,
):
    client.force_login(manager_of_roros)
    workbook = book(client.get(URL, {"year": 2016}))

    assert workbook.sheetnames == ["Programbedrifter", "Mål"]
    rows = list(workbook["Programbedrifter"].iter_rows(values_only=True))
    assert rows[0][:8] == (
        "Organisasjonsnummer",
        "Bedrift",
        "Kommunenummer",
        "Type",
        "Avtalestart",
        "Avtaleslutt",
        "Basisår",
        "Siste år med tall",
    )
    alfa = next(row for row in rows if row[1] == "Alfa AS")
    assert alfa[:4] == ("910 000 004", "Alfa AS", "1640", "målbedrift")
    assert alfa[6:8] == ("2014", "2015")
    assert [Decimal(str(value)) for value in alfa[8:12]] == [
        Decimal("1000000"),
        Decimal("1500000"),
        Decimal("500000"),
        Decimal("0.5"),
    ]
    # A member company is in the programme list, without growth.
    zeta = next(row for row in rows if row[1] == "Zeta AS")
    assert zeta[3] == "medlemsbedrift" and zeta[6:] == (None,) * 11
    assert list(workbook["Mål"].iter_rows(values_only=True)) == [
        ("Mål", "Måltall", "Resultat", "Andel nådd", "Status")
    ]


def test_a_new_column_from_siva_is_a_data_change(
    client,
    cohorts,
    roros,
    manager_of_roros,
    tmp_path: Path,
):
    template = ExportTemplate.objects.get(slug="siva-programliste")
    source = Path("data/reference/export_columns.csv").read_text(encoding="utf-8")
    extra = "siva-programliste,18,Programbedrifter,Ansatte (bedriftene),companies.employees,\n"
    (tmp_path / "export_columns.csv").write_text(source + extra, encoding="utf-8")
    # A column from a table without organisation numbers cannot be matched to the rows.
    with pytest.raises(ReferenceDataError, match="organisasjonsnummer"):
        load_export_columns(tmp_path)

    extra = "siva-programliste,18,Programbedrifter,Omsetning nå,growth.revenue_now,integer\n"
    kept = "\n".join(line for line in source.splitlines() if ",Mål," not in line) + "\n"
    (tmp_path / "export_columns.csv").write_text(kept + extra, encoding="utf-8")
    load_export_columns(tmp_path)
    assert not template.columns.filter(sheet="Mål").exists()  # left out: removed

    client.force_login(manager_of_roros)
    workbook = book(client.get(URL, {"year": 2016}))
    assert workbook.sheetnames == ["Programbedrifter"]
    rows = list(workbook["Programbedrifter"].iter_rows(values_only=True))
    assert rows[0][-1] == "Omsetning nå"
    beta = next(row for row in rows if row[1] == "Beta AS")
    assert beta[-1] == 400000
    assert ExportColumn.objects.filter(template=template).count() == 18


def test_a_closed_year_gives_the_stored_figures(client, cohorts, roros, manager_of_roros):
    from programmes.models import Company, KeyFigures

    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    gamma = Company.objects.get(name="Gamma AS")
    KeyFigures.objects.create(company=gamma, year=2015, revenue=Decimal("700000"))
    client.force_login(manager_of_roros)
    rows = list(
        book(client.get(URL, {"year": 2016}))["Programbedrifter"].iter_rows(values_only=True)
    )
    gamma_row = next(row for row in rows if row[1] == "Gamma AS")
    assert gamma_row[8] is None and gamma_row[-1] == "Ingen tall for basisåret"


def test_an_unknown_template_is_not_found(client, cohorts, manager_of_roros):
    client.force_login(manager_of_roros)
    assert client.get("/reports/annual/owner/ukjent.xlsx", {"year": 2016}).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 400

"""The state-aid register's list, with the real reference data (the threshold EUR
100 000 from 11.12.2023; GBER art. 28), worked by hand. The rate is Norges Bank's
yearly average: 11,6290 NOK per EUR in 2024, 11,4248 in 2023.

| company | date       | fixed price | own share | subsidy    | in EUR     |
|---------|------------|-------------|-----------|------------|------------|
| Alfa    | 10.03.2024 | 1 600 000   | 400 000   | 1 200 000  | 103 190,30 | to report
| Alfa    | 01.09.2024 | 10 000      | 2 500     | 7 500      | 644,94     |
| Beta    | 01.05.2024 | 900 000     | 225 000   | 675 000    | 58 044,54  |
| Beta    | 01.06.2024 | 900 000     | 225 000   | 675 000    | 58 044,54  |
| Gamma   | 01.06.2023 | 1 600 000   | 400 000   | 1 200 000  | 105 034,66 | before the rule

2024: one award to report (Alfa's first); Alfa's year 103 835,24 EUR and Beta's
116 089,08 EUR reach the threshold. 2023: no award to report (Gamma's was granted
before 11.12.2023), but Gamma's year reaches the threshold in force at the year's end.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import openpyxl
import pytest

from funding.models import Funder, Grant
from funding.selectors.state_aid import aid_register
from programmes.models import Company, StaffMembership
from tests.funding.conftest import draft_for, record_grant

NBSP = "\u00a0"


def words(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def service(company, adviser, advice, grant, day, price, own):
    """A day's work (8 hours) at a fixed price."""
    from funding.services import service_record

    draft = draft_for(
        company,
        adviser,
        advice,
        date=day,
        hours=Decimal("8"),
        hourly_rate=None,
        fixed_price=Decimal(price),
        own_share=Decimal(own),
        grant=grant,
    )
    return service_record(draft=draft, recorded_by=adviser)


@pytest.fixture
def awards(roros, company, roros_adviser, advice, roros_municipality):
    funder = Funder.objects.get(slug="trondelag-fylkeskommune")
    grants = {
        year: record_grant(
            roros,
            funder,
            kind=Grant.Kind.REGIONAL_DEVELOPMENT,
            first_year=year,
            last_year=year,
            amount=Decimal("5000000"),
            granted_on=date(year, 1, 5),
        )
        for year in (2023, 2024)
    }
    Company.objects.filter(pk=company.pk).update(name="Alfa AS")
    beta = Company.objects.create(
        naeringshage=roros,
        organisation_number="910000004",
        name="Beta AS",
        municipality=roros_municipality,
    )
    gamma = Company.objects.create(
        naeringshage=roros,
        organisation_number="910000012",
        name="Gamma AS",
        municipality=roros_municipality,
    )
    g23, g24 = grants[2023], grants[2024]
    service(company, roros_adviser, advice, g24, date(2024, 3, 10), "1600000", "400000")
    service(company, roros_adviser, advice, g24, date(2024, 9, 1), "10000", "2500")
    service(beta, roros_adviser, advice, g24, date(2024, 5, 1), "900000", "225000")
    service(beta, roros_adviser, advice, g24, date(2024, 6, 1), "900000", "225000")
    service(gamma, roros_adviser, advice, g23, date(2023, 6, 1), "1600000", "400000")
    return {"beta": beta, "gamma": gamma}


@pytest.fixture
def roros_manager(manager, roros):
    StaffMembership.objects.create(user=manager, naeringshage=roros)
    return manager


def test_the_awards_at_or_above_the_threshold_of_their_day_are_to_report(awards, roros):
    register = aid_register(naeringshage=roros, year=2024)

    assert register.threshold.threshold_eur == Decimal("100000")
    (award,) = register.awards
    assert (award.company_name, award.date) == ("Alfa AS", date(2024, 3, 10))
    assert (award.subsidy, award.subsidy_eur) == (Decimal("1200000"), Decimal("103190.30"))
    assert award.legal_basis.startswith("GBER art. 28")
    assert [
        (row.company_name, row.awards, row.subsidy_eur, row.to_report) for row in register.companies
    ] == [
        ("Beta AS", 2, Decimal("116089.08"), 0),
        ("Alfa AS", 2, Decimal("103835.24"), 1),
    ]

    # Gamma's award came before the rule: not to report, but its year is listed.
    register = aid_register(naeringshage=roros, year=2023)
    assert register.awards == []
    assert [(row.company_name, row.subsidy_eur) for row in register.companies] == [
        ("Gamma AS", Decimal("105034.66"))
    ]


def test_the_manager_sees_the_list_and_takes_it_as_files(client, awards, roros_manager):
    client.force_login(roros_manager)
    page = words(client.get("/funding/state-aid/", {"year": 2024}))

    assert "Terskel: EUR 100 000 per tildeling (fra 11.12.2023)." in page
    assert (
        "Alfa AS 912 345 688 10.03.2024 Rådgivning 1 200 000 kr 103 190,30 EUR GBER art. 28" in page
    )
    assert "Beta AS 910 000 004 2 1 350 000 kr 116 089,08 EUR 58 044,54 EUR" in page

    response = client.get("/funding/state-aid/", {"year": 2024, "format": "csv"})
    assert (
        response["Content-Disposition"] == 'attachment; filename="statsstotte-registeret-2024.csv"'
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [
        "Organisasjonsnummer",
        "Bedrift",
        "Tildelt dato",
        "Tjenestetype",
        "Beløp i NOK",
        "Beløp i EUR",
        "Rettslig grunnlag",
    ]
    assert lines[1][:6] == [
        "912 345 688",
        "Alfa AS",
        "10.03.2024",
        "Rådgivning",
        "1200000,00",
        "103190,30",
    ]
    assert len(lines) == 2

    response = client.get("/funding/state-aid/", {"year": 2024, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Tildelinger som skal meldes", "Bedrifter"]
    companies = list(book["Bedrifter"].iter_rows(values_only=True))
    assert companies[1][:4] == ("910 000 004", "Beta AS", 2024, 2)
    assert Decimal(str(companies[1][5])) == Decimal("116089.08")


def test_the_company_page_flags_the_year_to_report(client, awards, company, roros_manager):
    client.force_login(roros_manager)

    page = words(client.get(f"/companies/{company.pk}/"))
    assert "2024 2 1 207 500 kr 103 835,24 EUR 1 tildeling skal meldes" in page
    page = words(client.get(f"/companies/{awards['beta'].pk}/"))
    assert "2024 2 1 350 000 kr 116 089,08 EUR Årets støtte når 100 000 EUR" in page
    page = words(client.get(f"/companies/{awards['gamma'].pk}/"))
    assert "2023 1 1 200 000 kr 105 034,66 EUR Årets støtte når 100 000 EUR" in page


def test_bad_input_gets_a_message_not_a_500(client, awards, roros_manager):
    client.force_login(roros_manager)
    for query in ({"year": "abc"}, {"year": "1800"}, {"year": 2024, "format": "pdf"}):
        response = client.get("/funding/state-aid/", query)
        assert response.status_code == 400
    assert "Be om filen som CSV eller XLSX." in words(
        client.get("/funding/state-aid/", {"year": 2024, "format": "pdf"})
    )


def test_the_page_takes_the_same_queries_for_one_service_and_five(
    client, awards, roros, roros_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(roros_manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/funding/state-aid/", {"year": 2024}).status_code == 200
        return len(context.captured_queries)

    five = queries()
    from funding.models import PricedService

    PricedService.objects.filter(date__year=2024).exclude(date=date(2024, 3, 10)).delete()
    assert queries() == five


def test_two_thresholds_cannot_be_in_force_on_the_same_day(reference_data):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, connection, transaction

    from funding.models import AidRegisterThreshold

    overlapping = AidRegisterThreshold(
        valid_from=date(2025, 1, 1), threshold_eur=Decimal("50000")
    )  # the one from 11.12.2023 has no end
    with pytest.raises(ValidationError, match="overlapper"):
        overlapping.full_clean()
    if connection.vendor == "postgresql":  # elsewhere clean() is the check
        with pytest.raises(IntegrityError), transaction.atomic():
            overlapping.save()

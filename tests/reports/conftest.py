"""Report tests start from the real reference data, with the funding tests' cast, and a
2016 scenario whose figures the tests work out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from accounts import roles
from funding.models import Funder
from municipalities.models import Municipality
from programmes.models import Company, Enrolment, KeyFigures, ServiceType, StaffMembership
from tests.conftest import make_user
from tests.funding.conftest import (  # noqa: F401 (fixtures)
    advice,
    company,
    frame_2016,
    other_naeringshage,
    record_grant,
    roros,
    roros_adviser,
    roros_municipality,
    siva,
    staff,
)
from tests.reports.scenario import build, record


@pytest.fixture
def scenario(roros, company, roros_adviser, advice, other_naeringshage):  # noqa: F811
    """The dashboard's 2016 scenario (tests/reports/scenario.py) and more:

    | company              | date       | type   | price                 | own   | subs. | line   |
    |----------------------|------------|--------|-----------------------|-------|-------|--------|
    | Fjellbakst, Røros    | 10.03.2016 | advice | 10 h × 1 000 = 10 000 | 2 500 | 7 500 | frame  |
    | Fjellbakst, Røros    | 15.09.2016 | advice | 4 h × 1 000 = 4 000   | 1 000 | 3 000 | frame  |
    | Tynset Sag, Tynset   | 20.05.2016 | advice | 3 h, fixed 8 000      | 2 000 | 6 000 | frame  |
    | Tynset Sag, Tynset   | 01.10.2016 | advice | 5 h × 900 = 4 500     | 4 500 | 0     | market |
    | Fjellbakst, Røros    | 01.11.2016 | VOIDED: 8 h × 1 000 = 8 000, 2 000 / 6 000, frame |
    | Selbu Strikk, Selbu  | 10.06.2016 | course | 2 h × 1 000 = 2 000   | 500   | 1 500 | county |
    | (other næringshage)  | 01.06.2016 | advice | 1 h × 777 = 777       | 777   | 0     | market |

    Selbu is a services-only municipality of the region from 2016; Røros and Tynset
    are programme members.
    """
    world = build(roros=roros, company=company, adviser=roros_adviser, advice=advice)
    selbu = Company.objects.create(
        naeringshage=roros,
        organisation_number="934567897",
        name="Selbu Strikk AS",
        municipality=Municipality.objects.get(slug="selbu"),
    )
    regional = record_grant(
        roros, Funder.objects.get(slug="sor-trondelag-fylkeskommune"), title="Regionale midler"
    )
    record(
        selbu,
        roros_adviser,
        ServiceType.objects.get(slug="kurs"),
        date=date(2016, 6, 10),
        hours=Decimal("2"),
        own_share=Decimal("500"),
        grant=regional,
    )
    # A målbedrift whose contract ended in the first half: listed, not active at the end.
    Enrolment.objects.create(
        company=selbu,
        kind=Enrolment.Kind.TARGET,
        start_date=date(2014, 1, 1),
        end_date=date(2016, 4, 30),
    )
    Company.objects.filter(pk=company.pk).update(women_in_leadership="yes")
    Company.objects.filter(pk=world.tynsetsag.pk).update(women_in_leadership="no")
    KeyFigures.objects.create(company=company, year=2016, employees=12, revenue=Decimal("5000000"))
    KeyFigures.objects.create(company=company, year=2015, employees=99, revenue=Decimal("1"))
    KeyFigures.objects.create(company=world.tynsetsag, year=2016, employees=30)

    # Another næringshage's company and service never show.
    stranger = Company.objects.create(
        naeringshage=other_naeringshage,
        organisation_number="912345688",
        name="Fremmed Bedrift AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    other_adviser = make_user(type(roros_adviser), "annen-radgiver", roles.ADVISER)
    StaffMembership.objects.create(user=other_adviser, naeringshage=other_naeringshage)
    record(
        stranger,
        other_adviser,
        advice,
        date=date(2016, 6, 1),
        hours=Decimal("1"),
        hourly_rate=Decimal("777"),
        own_share=None,
        grant=None,
    )
    Enrolment.objects.create(
        company=stranger, kind=Enrolment.Kind.TARGET, start_date=date(2016, 2, 1)
    )
    world.selbu = selbu
    return world


@pytest.fixture
def manager_of_roros(manager, roros):  # noqa: F811
    StaffMembership.objects.create(user=manager, naeringshage=roros)
    return manager

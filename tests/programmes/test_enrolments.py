"""Enrolments: one at a time per company, never ending before they start; and the
selectors Siva's counts come from (active on a day, in a year, new målbedrifter)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from programmes.models import Enrolment
from programmes.selectors import (
    enrolment_counts_in_year,
    enrolments_active_in_year,
    enrolments_active_on,
    new_target_companies_in_year,
)
from programmes.services import enrolment_create, enrolment_update
from tests.programmes.factories import enrol, make_company

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Only PostgreSQL can forbid overlapping periods (exclusion constraint).",
)


@pytest.fixture
def company(rorosregionen):
    return make_company(rorosregionen)


def test_an_enrolment_records_avtalestart_goals_and_contract(company):
    enrolment = enrolment_create(
        company=company,
        kind=Enrolment.Kind.TARGET,
        start_date=date(2016, 3, 1),
        goals="Nye markeder.",
        contract_reference="NH-2016-07",
    )

    assert enrolment.is_active_on(date(2030, 1, 1))
    assert enrolment.period == "fra 01.03.2016"
    assert str(enrolment) == "Bedrift 001 AS – målbedrift (fra 01.03.2016)"


def test_an_end_before_the_start_is_refused_on_the_end_date(company):
    with pytest.raises(ValidationError) as refused:
        enrol(company, date(2016, 3, 1), date(2016, 2, 28))

    assert refused.value.message_dict["end_date"] == [
        "Sluttdatoen (28.02.2016) kan ikke være før avtalestart (01.03.2016)."
    ]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2016, 6, 1), None),  # inside an open-ended one
        (date(2015, 1, 1), date(2016, 3, 1)),  # ends on the other's first day
        (date(2015, 1, 1), None),  # covers it
        (date(2016, 3, 1), date(2016, 3, 1)),  # the same first day
    ],
)
def test_an_overlapping_enrolment_is_refused_naming_the_other(company, start, end):
    enrol(company, date(2016, 3, 1), kind="member")

    with pytest.raises(ValidationError) as refused:
        enrol(company, start, end)

    [message] = refused.value.message_dict["start_date"]
    assert "overlapper bedriftens innmelding som medlemsbedrift (fra 01.03.2016)" in message
    assert Enrolment.objects.count() == 1


def test_an_enrolment_may_follow_the_previous_one_the_next_day(company):
    enrol(company, date(2014, 1, 1), date(2015, 12, 31), kind="member")

    enrol(company, date(2016, 1, 1))

    assert Enrolment.objects.count() == 2


def test_two_companies_may_be_enrolled_at_once(rorosregionen, company):
    other = make_company(rorosregionen, 2)

    enrol(company, date(2016, 1, 1))
    enrol(other, date(2016, 1, 1))

    assert Enrolment.objects.count() == 2


def test_editing_an_enrolment_is_not_an_overlap_with_itself(company):
    enrolment = enrol(company, date(2016, 1, 1))

    enrolment_update(
        enrolment=enrolment,
        kind="member",
        start_date=date(2016, 2, 1),
        end_date=date(2017, 6, 30),
        goals="",
        contract_reference="",
    )

    enrolment.refresh_from_db()
    assert enrolment.end_date == date(2017, 6, 30)


def test_extending_an_enrolment_into_the_next_one_is_refused(company):
    first = enrol(company, date(2014, 1, 1), date(2015, 12, 31))
    enrol(company, date(2016, 1, 1))

    with pytest.raises(ValidationError) as refused:
        enrolment_update(
            enrolment=first,
            kind=first.kind,
            start_date=first.start_date,
            end_date=date(2016, 6, 30),
            goals="",
            contract_reference="",
        )

    assert "start_date" in refused.value.message_dict


def test_an_unknown_kind_is_refused(company):
    with pytest.raises(ValidationError) as refused:
        enrolment_create(company=company, kind="vip", start_date=date(2016, 1, 1))

    assert "kind" in refused.value.message_dict


def test_the_database_refuses_an_end_before_the_start(company):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            company=company, kind="target", start_date=date(2016, 3, 1), end_date=date(2016, 1, 1)
        )


@postgresql_only
def test_postgresql_refuses_overlapping_enrolments_written_past_validation(company):
    enrol(company, date(2016, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(company=company, kind="member", start_date=date(2017, 1, 1))


# --- Selectors ------------------------------------------------------------------------


@pytest.fixture
def enrolments(rorosregionen, other_naeringshage):
    """Five Rørosregionen companies with different enrolments, and one elsewhere."""
    companies = [make_company(rorosregionen, serial) for serial in range(1, 6)]
    enrol(companies[0], date(2014, 5, 1), date(2016, 4, 30), kind="target")
    enrol(companies[0], date(2016, 5, 1), kind="member")
    enrol(companies[1], date(2016, 1, 1), kind="target")
    enrol(companies[2], date(2016, 12, 31), kind="target")
    enrol(companies[3], date(2017, 1, 1), kind="target")
    enrol(companies[4], date(2015, 6, 1), date(2015, 12, 31), kind="other")
    elsewhere = make_company(other_naeringshage, 9)
    enrol(elsewhere, date(2016, 6, 1), kind="target")
    return companies


def names(enrolments) -> list[str]:
    return [f"{e.company.name} {e.kind}" for e in enrolments]


def test_active_on_a_day(rorosregionen, enrolments):
    found = enrolments_active_on(naeringshage=rorosregionen, day=date(2016, 4, 30))

    assert names(found) == ["Bedrift 001 AS target", "Bedrift 002 AS target"]


def test_active_in_a_year(rorosregionen, enrolments):
    found = enrolments_active_in_year(naeringshage=rorosregionen, year=2016)

    assert sorted(names(found)) == [
        "Bedrift 001 AS member",
        "Bedrift 001 AS target",
        "Bedrift 002 AS target",
        "Bedrift 003 AS target",
    ]


def test_new_target_companies_count_by_avtalestart(rorosregionen, enrolments):
    found = new_target_companies_in_year(naeringshage=rorosregionen, year=2016)

    assert names(found) == ["Bedrift 002 AS target", "Bedrift 003 AS target"]


def test_counts_per_kind_in_a_year_in_one_query(
    rorosregionen, enrolments, django_assert_num_queries
):
    with django_assert_num_queries(1):
        counts = enrolment_counts_in_year(naeringshage=rorosregionen, year=2016)

    assert counts == {
        "target": {"active": 3, "new": 2},
        "member": {"active": 1, "new": 1},
        "other": {"active": 0, "new": 0},
    }

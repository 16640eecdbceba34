"""The register's answers as the product reads them (programmes.registry), over HTTP
from the stand-in server (tests/registry_server.py)."""

from datetime import date

import pytest

from programmes.models import Company
from programmes.registry import RegistryUnavailable, Unit, fetch_unit
from tests import registry_server as brreg

Status = Company.RegistryStatus


def test_an_active_company_is_read_field_by_field(registry):
    unit = fetch_unit(brreg.ACTIVE)
    assert unit == Unit(
        organisation_number=brreg.ACTIVE,
        status=Status.ACTIVE,
        name="RØROS TRE OG DESIGN AS",
        organisation_form="AS",
        organisation_form_name="Aksjeselskap",
        nace_code="16.230",
        nace_name="Produksjon av monteringsferdige hus",
        registered_on=date(2014, 4, 2),
        founded_on=date(2014, 3, 11),
        employees=12,
        address="Osloveien 14, 7374 RØROS",
        municipality_number="5025",
    )
    assert registry.requests == [f"/enhetsregisteret/api/enheter/{brreg.ACTIVE}"]
    # Kept with the company as JSON, and read back the same.
    assert Unit.from_data(unit.as_data()) == unit


@pytest.mark.parametrize(
    ("number", "status", "status_date"),
    [
        (brreg.BANKRUPT, Status.BANKRUPT, date(2026, 9, 14)),
        (brreg.WINDING_UP, Status.DISSOLVING, date(2026, 2, 1)),
        (brreg.DELETED, Status.DELETED, date(2025, 6, 30)),
        (brreg.UNKNOWN, Status.NOT_FOUND, None),
    ],
)
def test_the_register_s_states_are_told_apart(registry, number, status, status_date):
    unit = fetch_unit(number)
    assert (unit.status, unit.status_date) == (status, status_date)
    assert unit.found is (status != Status.NOT_FOUND)


def test_a_deleted_unit_keeps_the_little_the_register_still_says(registry):
    unit = fetch_unit(brreg.DELETED)
    assert (unit.name, unit.organisation_form, unit.address) == (
        "GAMLE GRUVA SERVERING AS",
        "AS",
        "",
    )


def test_hidden_employees_and_a_postal_address_only(registry):
    unit = fetch_unit(brreg.SOLE_PROPRIETOR)
    assert (unit.employees, unit.employees_hidden) == (None, True)
    assert unit.address == "Gammelvegen 7, 7380 ÅLEN"
    assert (unit.organisation_form, unit.municipality_number) == ("ENK", "5026")
    assert unit.founded_on is None
    # A unit with no employees registered is not "hidden".
    bankrupt = fetch_unit(brreg.BANKRUPT)
    assert (bankrupt.employees, bankrupt.employees_hidden) == (0, False)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (brreg.SLOW, "Enhetsregisteret svarte ikke innen 0,5 sekunder."),
        (brreg.MALFORMED, "Svaret fra Enhetsregisteret kunne ikke leses."),
        (brreg.FAILING, "Enhetsregisteret svarte med en feil (503)."),
    ],
)
def test_an_answer_that_cannot_be_used_is_said_so(registry, number, reason):
    with pytest.raises(RegistryUnavailable) as refused:
        fetch_unit(number)
    assert str(refused.value.reason) == reason


def test_a_register_that_cannot_be_reached(settings):
    # The suite's own address for the register: a port nothing listens on.
    with pytest.raises(RegistryUnavailable) as refused:
        fetch_unit(brreg.ACTIVE)
    assert str(refused.value.reason) == "Enhetsregisteret kan ikke nås akkurat nå."

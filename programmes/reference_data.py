"""Loading the programme, the næringshager and their regions from `data/reference/`.

The files and their order are listed in `FILES`; the reading and the rules shared by
every file are in `municipalities.reference_data`.
"""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from municipalities.reference_data import (
    Entities,
    LoadResult,
    check_unique_keys,
    municipalities,
    read_csv,
    upsert,
)
from programmes.models import (
    Naeringshage,
    Office,
    Organisation,
    Programme,
    ProgrammePeriod,
    RegionMembership,
    ServiceType,
)

ORGANISATIONS_FILE = "organisations.csv"
PROGRAMMES_FILE = "programmes.csv"
PROGRAMME_PERIODS_FILE = "programme_periods.csv"
NAERINGSHAGER_FILE = "naeringshager.csv"
OFFICES_FILE = "offices.csv"
REGION_FILE = "region.csv"
SERVICE_TYPES_FILE = "service_types.csv"


def _keyed(model, row, column: str, values: dict) -> str:
    """Upsert of a stable entity with its own fields (keyed on its slug)."""
    return upsert(model, key={"slug": row.text(column)}, values=values, row=row)


def load_organisations(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / ORGANISATIONS_FILE, ["organisation", "name", "organisation_number"])
    check_unique_keys(rows, ["organisation"])
    result = LoadResult(ORGANISATIONS_FILE)
    for row in rows:
        values = {"name": row.text("name"), "organisation_number": row.text("organisation_number")}
        result.outcomes[_keyed(Organisation, row, "organisation", values)] += 1
    return result


def load_programmes(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / PROGRAMMES_FILE, ["programme", "name", "operator", "owners"])
    check_unique_keys(rows, ["programme"])
    result = LoadResult(PROGRAMMES_FILE)
    organisations = Entities(Organisation, _("the organisations"), ORGANISATIONS_FILE)
    for row in rows:
        values = {
            "name": row.text("name"),
            "operator_id": organisations.get(row, "operator").pk,
            "owners": row.text("owners"),
        }
        result.outcomes[_keyed(Programme, row, "programme", values)] += 1
    return result


def _year(row, column: str) -> int | None:
    value = row.text(column)
    if not value:
        return None
    if not (value.isdigit() and len(value) == 4):
        raise row.error(column, _("Write a year with four digits, such as 2023."))
    return int(value)


def load_programme_periods(data_dir: Path) -> LoadResult:
    columns = ["programme", "valid_from", "valid_to", "baseline_year"]
    rows = read_csv(data_dir / PROGRAMME_PERIODS_FILE, columns)
    check_unique_keys(rows, ["programme", "valid_from"])
    result = LoadResult(PROGRAMME_PERIODS_FILE)
    programmes = Entities(Programme, _("the programmes"), PROGRAMMES_FILE)
    for row in rows:
        outcome = upsert(
            ProgrammePeriod,
            key={
                "programme": programmes.get(row, "programme"),
                "valid_from": row.date("valid_from"),
            },
            values={
                "valid_to": row.date("valid_to", required=False),
                "baseline_year": _year(row, "baseline_year"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_naeringshager(data_dir: Path) -> LoadResult:
    columns = ["naeringshage", "name", "organisation_number", "programme"]
    rows = read_csv(data_dir / NAERINGSHAGER_FILE, columns)
    check_unique_keys(rows, ["naeringshage"])
    result = LoadResult(NAERINGSHAGER_FILE)
    programmes = Entities(Programme, _("the programmes"), PROGRAMMES_FILE)
    for row in rows:
        values = {
            "name": row.text("name"),
            "organisation_number": row.text("organisation_number"),
            "programme_id": programmes.get(row, "programme").pk,
        }
        result.outcomes[_keyed(Naeringshage, row, "naeringshage", values)] += 1
    return result


def load_offices(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / OFFICES_FILE, ["naeringshage", "name", "municipality"])
    check_unique_keys(rows, ["naeringshage", "name"])
    result = LoadResult(OFFICES_FILE)
    naeringshager = Entities(Naeringshage, _("the næringshager"), NAERINGSHAGER_FILE)
    places = municipalities()
    for row in rows:
        outcome = upsert(
            Office,
            key={"naeringshage": naeringshager.get(row, "naeringshage"), "name": row.text("name")},
            values={"municipality_id": places.get(row, "municipality").pk},
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_region(data_dir: Path) -> LoadResult:
    columns = ["naeringshage", "municipality", "role", "valid_from", "valid_to"]
    rows = read_csv(data_dir / REGION_FILE, columns)
    check_unique_keys(rows, ["naeringshage", "municipality", "valid_from"])
    result = LoadResult(REGION_FILE)
    naeringshager = Entities(Naeringshage, _("the næringshager"), NAERINGSHAGER_FILE)
    places = municipalities()
    for row in rows:
        outcome = upsert(
            RegionMembership,
            key={
                "naeringshage": naeringshager.get(row, "naeringshage"),
                "municipality": places.get(row, "municipality"),
                "valid_from": row.date("valid_from"),
            },
            values={"role": row.text("role"), "valid_to": row.date("valid_to", required=False)},
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_service_types(data_dir: Path) -> LoadResult:
    columns = ["service_type", "position", "name", "description"]
    rows = read_csv(data_dir / SERVICE_TYPES_FILE, columns)
    check_unique_keys(rows, ["service_type"])
    result = LoadResult(SERVICE_TYPES_FILE)
    for row in rows:
        position = row.text("position")
        if not position.isdigit():
            raise row.error("position", _("Write a whole number, such as 2016."))
        values = {
            "position": int(position),
            "name": row.text("name"),
            "description": row.text("description"),
        }
        result.outcomes[_keyed(ServiceType, row, "service_type", values)] += 1
    return result


# In dependency order: each file refers only to keys of the files before it (and to the
# counties and municipalities, loaded before this app's files).
FILES: list[Callable[[Path], LoadResult]] = [
    load_organisations,
    load_programmes,
    load_programme_periods,
    load_naeringshager,
    load_offices,
    load_region,
    load_service_types,
]

"""`manage.py load_reference_data`: idempotent, updates changed rows, refuses bad files
whole, naming file, line and column."""

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering
from programmes.models import (
    Naeringshage,
    Office,
    Organisation,
    Programme,
    ProgrammePeriod,
    RegionMembership,
)
from programmes.services import reference_data_loaders

# The loader is tried on a database without the reference data the session loads.
pytestmark = [pytest.mark.django_db, pytest.mark.empty_database]

DATA = Path(__file__).resolve().parents[2] / "data" / "reference"
MODELS = [
    County,
    CountyNumbering,
    Municipality,
    MunicipalityNumbering,
    Organisation,
    Programme,
    ProgrammePeriod,
    Naeringshage,
    Office,
    RegionMembership,
]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every reference table, values included."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def load(data_dir: Path | None = None):
    options = {"data_dir": data_dir} if data_dir else {}
    call_command("load_reference_data", verbosity=0, **options)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of the real files, to be spoiled by a test."""
    copy = tmp_path / "reference"
    shutil.copytree(DATA, copy)
    return copy


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_row(path: Path, match: dict[str, str], **changes: str) -> int:
    """Changes cells of the one row whose cells equal `match`; returns its line number."""
    with path.open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    found = [
        index
        for index, row in enumerate(rows)
        if all(row[header.index(column)] == value for column, value in match.items())
    ]
    assert len(found) == 1, f"{match} matches {len(found)} rows of {path.name}"
    for column, value in changes.items():
        rows[found[0]][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([header, *rows])
    return found[0] + 2


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path.name}")


# --- A good load ---------------------------------------------------------------------------


def test_it_loads_the_counties_municipalities_programme_and_region():
    load()

    assert County.objects.count() == 4
    assert CountyNumbering.objects.count() == 4
    assert Municipality.objects.count() == 10
    assert MunicipalityNumbering.objects.count() == 20
    programme = Programme.objects.get()
    assert programme.name == "Næringshageprogrammet"
    assert programme.operator.slug == "siva"
    assert [(p.valid_from, p.valid_to) for p in programme.periods.order_by("valid_from")] == [
        (date(2011, 7, 1), date(2022, 12, 31)),
        (date(2023, 1, 1), date(2032, 12, 31)),
    ]
    naeringshage = Naeringshage.objects.get()
    assert naeringshage.name == "Rørosregionen Næringshage AS"
    assert naeringshage.organisation_number == ""
    assert sorted(naeringshage.offices.values_list("name", flat=True)) == ["Røros", "Tynset"]
    assert naeringshage.region_memberships.count() == 10


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()

    load()

    assert snapshot() == before


def test_it_reports_what_it_did(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data")

    output = capsys.readouterr().out
    assert "municipalities.csv         20 rows: 20 new, 0 changed, 0 unchanged" in output
    assert "municipalities.csv         20 rows: 0 new, 0 changed, 20 unchanged" in output


def test_a_changed_row_updates_the_row_and_adds_none(data_dir):
    load(data_dir)
    before = snapshot()
    edit_row(data_dir / "region.csv", {"municipality": "tydal"}, valid_to="2025-12-31")
    edit_row(data_dir / "municipalities.csv", {"number": "3427"}, name="Tynset kommune")

    load(data_dir)

    after = snapshot()
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert RegionMembership.objects.get(municipality__slug="tydal").valid_to == date(2025, 12, 31)
    assert MunicipalityNumbering.objects.get(number="3427").name == "Tynset kommune"


def test_rows_added_in_the_admin_are_kept(data_dir):
    load(data_dir)
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2039, 12, 31))

    load(data_dir)

    assert MunicipalityNumbering.objects.get(number="3427").valid_to is None


# --- Bad files -----------------------------------------------------------------------------


def assert_refused(data_dir: Path, *expected: str) -> None:
    """The load fails with every expected text in its message, and loads nothing."""
    with pytest.raises(CommandError) as refused:
        load(data_dir)
    for text in expected:
        assert text in str(refused.value)
    assert all(count == 0 for count in map(len, snapshot().values())), "nothing may be loaded"


@pytest.mark.parametrize("number", ["437", "04370"])
def test_a_number_of_three_or_five_digits_is_refused(data_dir, number):
    path = data_dir / "municipalities.csv"
    replace_in(path, "tynset,0437,", f"tynset,{number},")

    assert_refused(
        data_dir,
        f"municipalities.csv, linje {line_of(path, f'tynset,{number},')}, kolonne «number»: "
        "Kommunenummeret må ha nøyaktig fire sifre",
    )


def test_a_number_that_does_not_match_its_county_is_refused(data_dir):
    path = data_dir / "municipalities.csv"
    replace_in(path, "tynset,3427,Tynset,innlandet", "tynset,5027,Tynset,innlandet")

    assert_refused(
        data_dir,
        f"municipalities.csv, linje {line_of(path, 'tynset,5027')}, kolonne «number»: "
        "Kommunenummeret 5027 passer ikke med fylket: de to første sifrene må være 34",
    )


def test_an_end_before_the_start_is_refused(data_dir):
    line = edit_row(data_dir / "region.csv", {"municipality": "selbu"}, valid_to="2015-12-31")

    assert_refused(
        data_dir,
        f"region.csv, linje {line}, kolonne «valid_to»: "
        "«Gyldig til» (31.12.2015) kan ikke være før «gyldig fra» (01.01.2016).",
    )


def test_overlapping_numbering_of_one_municipality_is_refused(data_dir):
    path = data_dir / "municipalities.csv"
    edit_row(path, {"number": "1640"}, valid_to="2018-06-30")

    assert_refused(
        data_dir,
        f"municipalities.csv, linje {line_of(path, 'roros,5025')}, kolonne «valid_from»: "
        "Perioden overlapper kommunens nummer 1640 (01.01.1976–30.06.2018).",
    )


def test_one_number_for_two_municipalities_is_refused(data_dir):
    path = data_dir / "municipalities.csv"
    replace_in(path, "tolga,3426,", "tolga,3427,")

    assert_refused(
        data_dir,
        f"municipalities.csv, linje {line_of(path, 'tynset,3427')}, kolonne «number»: "
        "Kommunenummeret 3427 brukes av Tolga (fra 01.01.2020).",
    )


def test_overlapping_region_membership_is_refused(data_dir):
    path = data_dir / "region.csv"
    with path.open("a", encoding="utf-8") as file:
        file.write("rorosregionen,selbu,member,2020-01-01,\n")

    assert_refused(
        data_dir,
        f"region.csv, linje {line_of(path, 'selbu,member')}, kolonne «valid_from»: "
        "Perioden overlapper kommunens medlemskap i regionen",
    )


def test_a_bad_date_is_refused(data_dir):
    path = data_dir / "counties.csv"
    replace_in(path, "innlandet,34,Innlandet,2020-01-01", "innlandet,34,Innlandet,1.1.2020")

    assert_refused(
        data_dir,
        f"counties.csv, linje {line_of(path, 'innlandet')}, kolonne «valid_from»: "
        "«1.1.2020» er ikke en dato. Skriv datoer som ÅÅÅÅ-MM-DD, for eksempel 2014-01-01.",
    )


def test_an_unknown_county_is_refused(data_dir):
    path = data_dir / "municipalities.csv"
    replace_in(path, "tynset,0437,Tynset,hedmark", "tynset,0437,Tynset,hedemark")

    assert_refused(
        data_dir,
        f"municipalities.csv, linje {line_of(path, 'hedemark')}, kolonne «county»: "
        "«hedemark» finnes ikke blant fylkene (se counties.csv).",
    )


def test_an_unknown_role_is_refused(data_dir):
    path = data_dir / "region.csv"
    replace_in(path, "rorosregionen,tydal,services_only", "rorosregionen,tydal,tjenester")

    assert_refused(data_dir, f"region.csv, linje {line_of(path, 'tydal')}, kolonne «role»:")


def test_an_invalid_organisation_number_is_refused(data_dir):
    path = data_dir / "naeringshager.csv"
    replace_in(path, "Rørosregionen Næringshage AS,,", "Rørosregionen Næringshage AS,123456789,")

    assert_refused(
        data_dir,
        "naeringshager.csv, linje 2, kolonne «organisation_number»: "
        "Organisasjonsnummeret 123456789 er ikke gyldig",
    )


def test_the_same_key_twice_in_a_file_is_refused(data_dir):
    path = data_dir / "offices.csv"
    with path.open("a", encoding="utf-8") as file:
        file.write("rorosregionen,Røros,tynset\n")

    assert_refused(data_dir, "offices.csv, linje 4: Samme naeringshage, name som linje 2")


def test_a_missing_column_is_refused(data_dir):
    path = data_dir / "counties.csv"
    replace_in(
        path, "county,number,name,valid_from,valid_to", "county,nummer,name,valid_from,valid_to"
    )

    assert_refused(data_dir, "counties.csv, linje 1: ", "mangler: number", "ukjente: nummer")


def test_a_missing_file_is_refused(data_dir):
    (data_dir / "region.csv").unlink()

    assert_refused(data_dir, "region.csv: Filen mangler.")


def test_a_bad_file_leaves_earlier_data_as_it_was(data_dir):
    load(data_dir)
    before = snapshot()
    edit_row(data_dir / "municipalities.csv", {"number": "3427"}, name="Tynset kommune")
    edit_row(data_dir / "region.csv", {"municipality": "tydal"}, valid_to="2015-01-01")

    with pytest.raises(CommandError):
        load(data_dir)

    assert snapshot() == before


def test_every_apps_files_are_loaded_lowest_layer_first():
    names = [f"{load.__module__}.{load.__name__}" for load in reference_data_loaders()]

    expected_order = [
        "municipalities.reference_data.load_counties",
        "municipalities.reference_data.load_municipalities",
        "programmes.reference_data.load_organisations",
        "programmes.reference_data.load_naeringshager",
        "programmes.reference_data.load_region",
    ]
    assert [name for name in names if name in expected_order] == expected_order

"""The region of Rørosregionen in a year, with the numbering of that year."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import County, Municipality
from programmes.models import RegionMembership
from programmes.selectors import region_in_year
from tests.municipalities.factories import municipality


def names(rows) -> list[str]:
    return sorted(row.label for row in rows)


def test_in_2013_only_roros_and_holtalen_are_members(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2013)

    assert names(region.members) == ["Holtålen", "Røros"]
    assert len(region.members) == 2


def test_in_2016_eight_municipalities_are_members(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2016)

    assert len(region.members) == 8
    assert names(region.members) == [
        "Alvdal", "Folldal", "Holtålen", "Os (Hedmark)", "Rendalen", "Røros", "Tolga", "Tynset",
    ]  # fmt: skip


def test_selbu_and_tydal_only_get_services(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2016)

    assert names(region.services_only) == ["Selbu", "Tydal"]


def test_the_2016_region_has_the_numbers_and_counties_of_2016(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2016)

    by_name = {row.label: row for row in region.members + region.services_only}
    assert (by_name["Tynset"].number, by_name["Tynset"].county_name) == ("0437", "Hedmark")
    assert (by_name["Røros"].number, by_name["Røros"].county_name) == ("1640", "Sør-Trøndelag")
    assert (by_name["Selbu"].number, by_name["Selbu"].county_number) == ("1664", "16")


def test_the_2024_region_has_the_numbers_and_counties_of_2024(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2024)

    by_name = {row.label: row for row in region.members + region.services_only}
    assert (by_name["Tynset"].number, by_name["Tynset"].county_name) == ("3427", "Innlandet")
    assert (by_name["Røros"].number, by_name["Røros"].county_name) == ("5025", "Trøndelag")
    assert by_name["Os (Innlandet)"].number == "3430"
    assert (by_name["Tydal"].number, by_name["Tydal"].county_number) == ("5033", "50")


def test_2017_is_reported_with_1640_and_2018_with_5025(rorosregionen):
    def roros(year: int):
        region = region_in_year(naeringshage=rorosregionen, year=year)
        return next(row for row in region.members if row.name == "Røros")

    assert roros(2017).number == "1640"
    assert roros(2018).number == "5025"


def test_members_are_ordered_by_number(rorosregionen):
    region = region_in_year(naeringshage=rorosregionen, year=2024)

    numbers = [row.number for row in region.members]
    assert numbers == sorted(numbers)


def test_a_membership_that_ended_is_listed_in_its_years_only(rorosregionen):
    RegionMembership.objects.filter(municipality__slug="tolga").update(valid_to=date(2019, 6, 30))

    assert "Tolga" in names(region_in_year(naeringshage=rorosregionen, year=2019).members)
    assert "Tolga" not in names(region_in_year(naeringshage=rorosregionen, year=2020).members)


def test_a_gap_in_the_numbering_is_shown_as_unknown_not_hidden(rorosregionen):
    Municipality.objects.get(slug="tydal").numberings.filter(valid_from__year=2018).delete()

    region = region_in_year(naeringshage=rorosregionen, year=2024)

    tydal = next(row for row in region.services_only if row.municipality_slug == "tydal")
    assert (tydal.number, tydal.county_name, tydal.label) == (None, None, "tydal")


def test_the_region_is_read_in_two_queries_whatever_its_size(rorosregionen):
    with CaptureQueriesContext(connection) as for_ten:
        region_in_year(naeringshage=rorosregionen, year=2024)
    innlandet = County.objects.get(slug="innlandet")
    for number in range(3440, 3465):
        extra = municipality(
            f"kommune-{number}", (str(number), "Kommune", innlandet, date(2020, 1, 1), None)
        )
        RegionMembership.objects.create(
            naeringshage=rorosregionen,
            municipality=extra,
            role=RegionMembership.Role.MEMBER,
            valid_from=date(2024, 1, 1),
        )

    with CaptureQueriesContext(connection) as for_thirty_five:
        region = region_in_year(naeringshage=rorosregionen, year=2024)

    assert len(region.members) == 33
    assert len(for_ten.captured_queries) == len(for_thirty_five.captured_queries) == 2

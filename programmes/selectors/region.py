"""The næringshage's region in a year: its municipalities, numbered as in that year."""

from dataclasses import dataclass, field
from datetime import date

from core.periods import year_bounds
from municipalities.models import municipality_label
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Naeringshage, RegionMembership


@dataclass(frozen=True)
class RegionMunicipality:
    """A municipality of the region in a year, with its number and county of that year.

    `number` and the county are None when the numbering has no row for that day (a gap
    in the reference data); the page says so instead of guessing.
    """

    municipality_id: int
    municipality_slug: str
    role: str
    member_from: date
    member_to: date | None
    number: str | None
    name: str | None
    name_is_shared: bool
    county_number: str | None
    county_name: str | None

    @property
    def label(self) -> str:
        if self.name is None:
            return self.municipality_slug
        return municipality_label(self.name, self.county_name, self.name_is_shared)


@dataclass(frozen=True)
class Region:
    year: int
    reference_date: date
    members: list[RegionMunicipality] = field(default_factory=list)
    services_only: list[RegionMunicipality] = field(default_factory=list)


def region_in_year(*, naeringshage: Naeringshage, year: int) -> Region:
    """The municipalities in the næringshage's region at some time in `year`.

    Programme members and services-only municipalities apart, each with the number,
    name and county in force on the year's reference day (its last day), ordered by
    number. Two queries, whatever the size of the region.
    """
    start, end = year_bounds(year)
    reference_date = year_reference_date(year)
    memberships = list(
        RegionMembership.objects.for_naeringshage(naeringshage)
        .overlapping(start, end)
        .order_by("municipality_id", "valid_from")
        .values("municipality_id", "municipality__slug", "role", "valid_from", "valid_to")
    )
    numberings = {
        numbering.municipality_id: numbering
        for numbering in numberings_on(
            reference_date, municipality_ids={row["municipality_id"] for row in memberships}
        )
    }
    region = Region(year=year, reference_date=reference_date)
    for row in memberships:
        numbering = numberings.get(row["municipality_id"])
        item = RegionMunicipality(
            municipality_id=row["municipality_id"],
            municipality_slug=row["municipality__slug"],
            role=row["role"],
            member_from=row["valid_from"],
            member_to=row["valid_to"],
            number=numbering.number if numbering else None,
            name=numbering.name if numbering else None,
            name_is_shared=numbering.name_is_shared if numbering else False,
            county_number=numbering.county_number if numbering else None,
            county_name=numbering.county_name if numbering else None,
        )
        if row["role"] == RegionMembership.Role.MEMBER:
            region.members.append(item)
        else:
            region.services_only.append(item)
    for items in (region.members, region.services_only):
        items.sort(key=lambda item: (item.number or "9999", item.municipality_id))
    return region

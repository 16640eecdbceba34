"""Counties and municipalities for tests, built straight into the database."""

from datetime import date

from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering


def county(slug: str, number: str, name: str, valid_from: date, valid_to: date | None = None):
    entity, _created = County.objects.get_or_create(slug=slug)
    CountyNumbering.objects.create(
        county=entity, number=number, name=name, valid_from=valid_from, valid_to=valid_to
    )
    return entity


def municipality(slug: str, *numberings: tuple) -> Municipality:
    """numberings: (number, name, county, valid_from, valid_to) tuples."""
    entity, _created = Municipality.objects.get_or_create(slug=slug)
    for number, name, in_county, valid_from, valid_to in numberings:
        MunicipalityNumbering.objects.create(
            municipality=entity,
            number=number,
            name=name,
            county=in_county,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    return entity


def numbering(**fields) -> MunicipalityNumbering:
    """An unsaved numbering row, for validation tests."""
    return MunicipalityNumbering(**fields)

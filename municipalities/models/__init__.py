"""Counties and municipalities: stable entities with a dated numbering history.

A municipality keeps its identity (and its companies) when its number or county
changes: Røros is one Municipality with two numberings, 1640 in Sør-Trøndelag until
2017 and 5025 in Trøndelag from 2018. A report for year Y shows the numbering in force
in Y (see `validity.year_reference_date`). Split by subject: the numbers' formats and
labels (`numbering`), counties (`counties`) and municipalities (`municipalities`).
"""

from municipalities.models.counties import County, CountyNumbering, CountyQuerySet
from municipalities.models.municipalities import (
    Municipality,
    MunicipalityNumbering,
    MunicipalityNumberingQuerySet,
    MunicipalityQuerySet,
)
from municipalities.models.numbering import (
    COUNTY_NUMBER_PATTERN,
    MUNICIPALITY_NUMBER_PATTERN,
    municipality_label,
    validate_county_number,
    validate_municipality_number,
)

__all__ = [
    "COUNTY_NUMBER_PATTERN",
    "MUNICIPALITY_NUMBER_PATTERN",
    "County",
    "CountyNumbering",
    "CountyQuerySet",
    "Municipality",
    "MunicipalityNumbering",
    "MunicipalityNumberingQuerySet",
    "MunicipalityQuerySet",
    "municipality_label",
    "validate_county_number",
    "validate_municipality_number",
]

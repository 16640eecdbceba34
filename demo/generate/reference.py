"""The reference data the generated rows draw on (`load_reference_data` loads it): the
programme, Siva and the county councils, service types, municipalities that exist over
the whole decade, EUR rates, own-share rules and exceptions, the state-aid cap."""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from demo.generate.scale import FIRST_YEAR, LAST_YEAR, PROGRAMME, GenerationError
from funding.models import EurRate, Funder, Grant, OwnShareException, OwnShareRule, StateAidRule
from municipalities.models import Municipality
from programmes.models import Programme, ServiceType


@dataclass(frozen=True)
class Reference:
    programme: Programme
    siva: Funder
    service_types: dict[str, ServiceType]
    municipalities: list[Municipality]
    county_funders: list[Funder]
    rates: list[tuple[date, Decimal]]  # (valid from, NOK per EUR), oldest first
    rule_share: dict[int, Decimal]  # year -> minimum own share on a Siva frame
    aid_ceiling: int  # euro cents of state aid a company stays below in four years
    exceptions: list[OwnShareException]

    def rate_on(self, day: date) -> Decimal:
        index = (
            bisect_right([d for d, _r in self.rates], day) - 1
        )  # the latest from `day` or before
        return self.rates[index][1]

    def exception_on(self, day: date) -> OwnShareException | None:
        for exception in self.exceptions:
            if exception.valid_from <= day and (
                exception.valid_to is None or day <= exception.valid_to
            ):
                return exception
        return None

    def county_funder(self, county_id: int, first: int, last: int) -> Funder | None:
        for funder in self.county_funders:
            if funder.county_id == county_id and funder.exists_in(first) and funder.exists_in(last):
                return funder
        return None


def reference_load(*, years: list[int]) -> Reference:
    """The reference data, or GenerationError naming what is missing."""
    programme = Programme.objects.filter(slug=PROGRAMME).first()
    siva = Funder.objects.filter(slug="siva").first()
    service_types = {t.slug: t for t in ServiceType.objects.all()}
    if programme is None or siva is None or not service_types:
        raise GenerationError("The reference data is missing: run load_reference_data first.")
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    municipalities = [
        m
        for m in Municipality.objects.with_history().order_by("slug")
        if m.numbering_on(first) and m.numbering_on(last)
    ]
    if not municipalities:
        raise GenerationError("No municipality exists from 2016 to 2025 in the reference data.")
    county_funders = list(Funder.objects.filter(kind=Funder.Kind.COUNTY_COUNCIL).order_by("slug"))
    rates = sorted(EurRate.objects.values_list("valid_from", "nok_per_eur"))
    if not rates or rates[0][0] > first:
        raise GenerationError("EUR rates from 2016 are missing from the reference data.")
    # Each company's aid stays below half the lowest cap in any four calendar years,
    # and so far below the cap in every rolling window.
    caps = StateAidRule.objects.values_list("cap_eur", flat=True)
    return Reference(
        programme=programme,
        siva=siva,
        service_types=service_types,
        municipalities=municipalities,
        county_funders=county_funders,
        rates=rates,
        rule_share={year: _minimum_share(year) for year in years},
        aid_ceiling=int(min(caps, default=Decimal("1e9")) * 100) // 2,
        exceptions=list(
            OwnShareException.objects.filter(grant_kind=Grant.Kind.SIVA_FRAME).order_by(
                "valid_from"
            )
        ),
    )


def _minimum_share(year: int) -> Decimal:
    rule = (
        OwnShareRule.objects.valid_on(date(year, 1, 1))
        .filter(grant_kind=Grant.Kind.SIVA_FRAME)
        .first()
    )
    return rule.minimum_share if rule else Decimal("0")

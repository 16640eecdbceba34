"""Demo services, year by year, recorded through `service_record`: the same checks the
staff pages make (the own share in force on the day, or the COVID-19 exception with a
reason; what is left of the grant for the year; the company's state aid in the rolling
window). A draw that breaks a rule is simply not recorded, as a refused form would be.

Services on the regional development funds go to the county council of the company's
county in the service's year (Hedmark until 2019, Innlandet from 2020; Sør-Trøndelag
until 2017, Trøndelag from 2018). Larger deliveries are sized by the year's Siva frame,
so that a third to a half of each frame is used and the rest is left for the year.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from demo.companies import enrolled_in
from demo.generate.services import SERVICE_TYPE_WEIGHTS
from demo.timeline import FIRST_YEAR, days_of, share_of_year, stream, workday
from funding.models import Grant, OwnShareException, PricedService
from funding.services import ServiceDraft, service_record, service_void
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Company, Naeringshage, ServiceType

# Services in 2016, and how many more each year after (activity grows by half over a
# decade): enough for every page to show a year's work, few enough to seed in seconds.
SERVICES_IN_FIRST_YEAR = 30
MORE_EACH_YEAR = Decimal("1.5")
LINE_WEIGHTS = {"frame": 60, "regional": 15, "project": 10, "market": 15}
# Types always sold as a delivery at a fixed price; advice is one now and then.
PACKAGE_TYPES = {"kurs", "kompetanseheving"}
SHORT_TYPES = {"nettverk", "kompetanseforum", "annet"}
# A frame for the years without one (sizes the deliveries).
USUAL_FRAME = Decimal("1500000")
DESCRIPTIONS = {
    "radgivning": [
        "Forretningsplan og budsjett",
        "Markedsplan for nye kunder",
        "Søknad til Innovasjon Norge",
        "Oppfølging av handlingsplan",
        "Styrearbeid og strategi",
        "Prising og lønnsomhet",
        "Rekruttering og organisasjon",
        "Digital markedsføring",
    ],
    "package": [
        "Utviklingsløp: forretningsmodell og marked",
        "Forprosjekt for ny produktlinje",
        "Eierskifteprosess",
        "Utviklingsløp: eksport",
    ],
    "short": ["Bedriftsnettverk", "Oppfølging etter KompetanseForum", "Henvisning til virkemidler"],
}
COVID_REASON = "Bedriften er rammet av covid-19 (demodata)."
VOID_REASONS = ["Registrert på feil bedrift (demodata)", "Registrert to ganger (demodata)"]


@dataclass
class YearGrants:
    """What the year's services may draw on."""

    frame: Grant | None = None
    regional: dict[int, Grant] = field(default_factory=dict)  # by the funder's county
    projects: list[Grant] = field(default_factory=list)
    scale: Decimal = USUAL_FRAME  # the frame's amount, for sizing deliveries
    exceptions: list[OwnShareException] = field(default_factory=list)


def _year_grants(naeringshage: Naeringshage, year: int) -> YearGrants:
    grants = YearGrants()
    in_year = (
        Grant.objects.for_naeringshage(naeringshage)
        .filter(allocations__year=year)
        .select_related("funder")
        .order_by("pk")
    )
    for grant in in_year:
        if grant.kind == Grant.Kind.SIVA_FRAME:
            grants.frame, grants.scale = grant, grant.amount
        elif grant.kind == Grant.Kind.REGIONAL_DEVELOPMENT and grant.funder.county_id:
            grants.regional.setdefault(grant.funder.county_id, grant)
        elif grant.kind == Grant.Kind.PROJECT:
            grants.projects.append(grant)
    grants.exceptions = list(
        OwnShareException.objects.filter(grant_kind=Grant.Kind.SIVA_FRAME).order_by("valid_from")
    )
    return grants


def _counties(companies: list[Company], year: int) -> dict[int, int]:
    """Each company's county in `year`, as its municipality was numbered then."""
    county_of = dict(
        numberings_on(
            year_reference_date(year), municipality_ids={c.municipality_id for c in companies}
        ).values_list("municipality_id", "county_id")
    )
    return {c.pk: county_of[c.municipality_id] for c in companies if c.municipality_id in county_of}


def _grant(rng: random.Random, grants: YearGrants, county: int | None) -> Grant | None:
    line = rng.choices(list(LINE_WEIGHTS), weights=list(LINE_WEIGHTS.values()))[0]
    if line == "frame":
        return grants.frame
    if line == "regional":
        return grants.regional.get(county) if county else None
    if line == "project" and grants.projects:
        return rng.choice(grants.projects)
    return None


def _price(rng: random.Random, slug: str, year: int, scale: Decimal) -> dict:
    """The draft's hours and rate, or its fixed price, and a description."""
    if slug in PACKAGE_TYPES or (slug == "radgivning" and rng.random() < 0.4):
        price = (scale * rng.randrange(25, 61) / 1000 / 500).quantize(Decimal("1")) * 500
        return {"fixed_price": price, "description": rng.choice(DESCRIPTIONS["package"])}
    rate = Decimal(950 + 25 * (year - FIRST_YEAR) + 50 * rng.randrange(0, 7))  # prices rise
    if slug in SHORT_TYPES:
        hours = Decimal(rng.randrange(2, 13)) / 2
        return {
            "hours": hours,
            "hourly_rate": rate,
            "description": rng.choice(DESCRIPTIONS["short"]),
        }
    hours = Decimal(rng.randrange(4, 33)) / 2
    return {
        "hours": hours,
        "hourly_rate": rate,
        "description": rng.choice(DESCRIPTIONS["radgivning"]),
    }


def _own_share(
    rng: random.Random, price: Decimal, grant: Grant | None, grants: YearGrants, day: date
) -> dict:
    """The company's share: the whole price at market price, else at least a quarter,
    and now and then nothing under an open exception period, with the reason."""
    if grant is None:
        return {"own_share": None}
    if grant.kind == Grant.Kind.SIVA_FRAME and rng.random() < 0.3:
        for exception in grants.exceptions:
            if exception.valid_from <= day and (
                exception.valid_to is None or day <= exception.valid_to
            ):
                return {"own_share": Decimal("0"), "exception_reason": COVID_REASON}
    share = Decimal(rng.choice(["0.25", "0.25", "0.30", "0.40", "0.50"]))
    return {"own_share": (price * share / 100).quantize(Decimal("1"), rounding=ROUND_CEILING) * 100}


def services_in(year: int, today: date) -> int:
    """How many services the demo records in `year` (as many as the year so far holds,
    this year; at least one)."""
    full_year = SERVICES_IN_FIRST_YEAR + MORE_EACH_YEAR * (year - FIRST_YEAR)
    return max(1, round(float(full_year) * share_of_year(year, today)))


def _draft(
    rng: random.Random,
    *,
    naeringshage: Naeringshage,
    company: Company,
    county: int | None,
    adviser: AbstractBaseUser,
    service_type: ServiceType,
    day: date,
    grants: YearGrants,
) -> ServiceDraft:
    priced = _price(rng, service_type.slug, day.year, grants.scale)
    price = priced.get("fixed_price") or priced["hours"] * priced["hourly_rate"]
    grant = _grant(rng, grants, county)
    return ServiceDraft(
        naeringshage=naeringshage,
        company=company,
        adviser=adviser,
        service_type=service_type,
        date=day,
        grant=grant,
        **priced,
        **_own_share(rng, price, grant, grants, day),
    )


def demo_services(
    *,
    naeringshage: Naeringshage,
    companies: list[Company],
    advisers: list[AbstractBaseUser],
    year: int,
    today: date,
) -> int:
    """About 30 to 45 services in `year` (`services_in`), dated
    on workdays up to today, on the companies (the enrolled ones more often), by the
    advisers; one of them is voided. Nothing when the næringshage has services in the
    year already. Returns the number recorded."""
    services = PricedService.objects.for_naeringshage(naeringshage).filter(date__year=year)
    if services.exists() or not companies or not advisers:
        return 0
    rng = stream("services", year)
    types = {service_type.slug: service_type for service_type in ServiceType.objects.all()}
    weighted = {
        types[slug]: weight for slug, weight in SERVICE_TYPE_WEIGHTS.items() if slug in types
    }
    enrolled = {company.pk for company in enrolled_in(companies, year)}
    company_weights = [4 if company.pk in enrolled else 1 for company in companies]
    counties = _counties(companies, year)
    grants = _year_grants(naeringshage, year)
    first, last = days_of(year, today)
    recorded: list[PricedService] = []
    for _ in range(services_in(year, today)):
        company = rng.choices(companies, weights=company_weights)[0]
        draft = _draft(
            rng,
            naeringshage=naeringshage,
            company=company,
            county=counties.get(company.pk),
            adviser=rng.choice(advisers),
            service_type=rng.choices(list(weighted), weights=list(weighted.values()))[0],
            day=workday(rng, first, last),
            grants=grants,
        )
        try:
            recorded.append(service_record(draft=draft, recorded_by=draft.adviser))
        except ValidationError:
            continue  # a draw that breaks a rule is simply not recorded
    if len(recorded) > 1:
        service = rng.choice(recorded)
        service_void(service=service, reason=rng.choice(VOID_REASONS), voided_by=service.adviser)
    return len(recorded)

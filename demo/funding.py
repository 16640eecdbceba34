"""Demo funding and services for a demo installation (`manage.py seed_demo`).

Every grant made here carries “Demodata” in its note: only the 2016 Siva frame and the
placements come from the reference data. Services are recorded through
`service_record`, so they keep every rule the staff pages keep.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from funding.models import Funder, Grant, PricedService
from funding.services import ServiceDraft, grant_create, service_record, service_void
from programmes.models import Company, Naeringshage, ServiceType

DEMO_NOTE = "Demodata: et oppdiktet beløp for å vise produktet."

DEMO_GRANTS = [
    # (funder, kind, title, first year, last year, amount)
    ("siva", Grant.Kind.SIVA_FRAME, "", 2017, 2017, "1500000"),
    ("hedmark-fylkeskommune", Grant.Kind.REGIONAL_DEVELOPMENT, "", 2016, 2016, "600000"),
    ("hedmark-fylkeskommune", Grant.Kind.REGIONAL_DEVELOPMENT, "", 2017, 2017, "650000"),
    ("sor-trondelag-fylkeskommune", Grant.Kind.REGIONAL_DEVELOPMENT, "", 2016, 2016, "350000"),
    ("sor-trondelag-fylkeskommune", Grant.Kind.REGIONAL_DEVELOPMENT, "", 2017, 2017, "350000"),
    (
        "sor-trondelag-fylkeskommune",
        Grant.Kind.PROJECT,
        "Kompetanseløft Lokalmat–Reiseliv",
        2013,
        2017,
        "5100000",
    ),
]

SERVICE_TYPE_WEIGHTS = {
    "radgivning": 60,
    "kurs": 10,
    "nettverk": 10,
    "kompetanseforum": 8,
    "kompetanseheving": 8,
    "annet": 4,
}
SERVICES_PER_YEAR = 150


def _demo_grants(naeringshage: Naeringshage) -> None:
    for funder_slug, kind, title, first, last, amount in DEMO_GRANTS:
        funder = Funder.objects.get(slug=funder_slug)
        exists = Grant.objects.filter(
            naeringshage=naeringshage, funder=funder, kind=kind, title=title, first_year=first
        ).exists()
        if not exists:
            grant_create(
                naeringshage=naeringshage,
                funder=funder,
                kind=kind,
                title=title,
                first_year=first,
                last_year=last,
                amount=Decimal(amount),
                granted_on=date(first, 1, 15),
                note=DEMO_NOTE,
            )


def _workday(rng: random.Random, year: int) -> date:
    day = date(year, 1, 2) + timedelta(days=rng.randrange(0, 360))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _draft(
    rng: random.Random,
    *,
    naeringshage: Naeringshage,
    company: Company,
    adviser: AbstractBaseUser,
    service_type: ServiceType,
    year: int,
    grants: dict[str, list[Grant]],
) -> ServiceDraft:
    hours = Decimal(rng.randrange(2, 17)) / 2
    rate = Decimal(rng.randrange(19, 26) * 50)
    price = hours * rate
    line = rng.choices(["frame", "regional", "project", "market"], weights=[70, 10, 8, 12])[0]
    candidates = grants.get(line, [])
    grant = rng.choice(candidates) if candidates else None
    if grant is None:
        own_share = None
    else:
        share = Decimal(rng.choice(["0.25", "0.25", "0.30", "0.40", "0.50"]))
        own_share = (price * share / 100).quantize(Decimal("1"), rounding="ROUND_CEILING") * 100
    return ServiceDraft(
        naeringshage=naeringshage,
        company=company,
        adviser=adviser,
        service_type=service_type,
        date=_workday(rng, year),
        hours=hours,
        hourly_rate=rate,
        own_share=own_share,
        grant=grant,
        description=rng.choice(
            [
                "Forretningsplan og budsjett",
                "Markedsplan for nye kunder",
                "Søknad til Innovasjon Norge",
                "Oppfølging av handlingsplan",
                "Styrearbeid og strategi",
                "Prising og lønnsomhet",
                "Rekruttering og organisasjon",
                "Digital markedsføring",
            ]
        ),
    )


def demo_funding_and_services(
    *,
    naeringshage: Naeringshage,
    companies: list[Company],
    advisers: list[AbstractBaseUser],
    rng: random.Random,
    years: tuple[int, ...] = (2016, 2017),
) -> int:
    """Demo grants, and about 150 services a year on the companies, by the advisers.

    Returns the number of services recorded; nothing when the næringshage already has
    services (running it again changes nothing).
    """
    _demo_grants(naeringshage)
    if PricedService.objects.for_naeringshage(naeringshage).exists() or not companies:
        return 0
    types = {service_type.slug: service_type for service_type in ServiceType.objects.all()}
    weighted = [
        (types[slug], weight) for slug, weight in SERVICE_TYPE_WEIGHTS.items() if slug in types
    ]
    recorded: list[PricedService] = []
    for year in years:
        in_year = Grant.objects.for_naeringshage(naeringshage).filter(allocations__year=year)
        grants = {
            "frame": list(in_year.filter(kind=Grant.Kind.SIVA_FRAME)),
            "regional": list(in_year.filter(kind=Grant.Kind.REGIONAL_DEVELOPMENT)),
            "project": list(in_year.filter(kind=Grant.Kind.PROJECT)),
        }
        for _ in range(SERVICES_PER_YEAR):
            draft = _draft(
                rng,
                naeringshage=naeringshage,
                company=rng.choice(companies),
                adviser=rng.choice(advisers),
                service_type=rng.choices(
                    [t for t, _w in weighted], weights=[w for _t, w in weighted]
                )[0],
                year=year,
                grants=grants,
            )
            try:
                recorded.append(service_record(draft=draft, recorded_by=draft.adviser))
            except ValidationError:
                continue  # a draw that breaks a rule is simply not recorded
    for service in rng.sample(recorded, k=min(3, len(recorded))):
        service_void(
            service=service,
            reason="Registrert på feil bedrift (demodata)",
            voided_by=service.adviser,
        )
    return len(recorded)

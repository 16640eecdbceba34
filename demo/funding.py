"""Demo money for a demo installation (`manage.py seed_demo`), year by year: Siva's
placement and frame, the county councils' regional development funds, and project
grants over several years. Written through the services the staff pages use
(`placement_save`, `grant_create`), so every rule of theirs holds.

The year's targets are set after its activity, near what the year reaches (or, in the
running year, is heading for), some above it and some below.

Every grant made here carries “Demodata” in its note and every placement in its
rationale: only the 2016 Siva frame and the 2016–2017 placements come from the
reference data. The county councils follow the counties of the region's
municipalities in each year (Hedmark and Sør-Trøndelag in 2016, Hedmark and Trøndelag
from 2018, Innlandet and Trøndelag from 2020), as their dated numbering says.
"""

from datetime import date
from decimal import Decimal

from demo.generate.grants import tier_model_in
from demo.timeline import FIRST_YEAR, stream
from funding.models import Funder, Grant, Placement, PricedService, Target, TargetKind
from funding.services import (
    ServiceDraft,
    grant_create,
    placement_save,
    service_record,
    targets_save,
)
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Enrolment, Naeringshage, RegionMembership, ServiceType
from reports.selectors.annual import annual_report
from reports.selectors.annual.targets import year_gone

DEMO_NOTE = "Demodata: et oppdiktet beløp for å vise produktet."
DEMO_RATIONALE = "Demodata: en oppdiktet plassering for å vise produktet."

# (title, first year, length in years): a project every few years. The last one repeats
# (its title numbered) so that a project runs whatever the year.
PROJECTS = [
    ("Kompetanseløft Lokalmat–Reiseliv", 2013, 5),
    ("Grønn omstilling i fjellregionen", 2018, 3),
    ("Reiseliv hele året", 2021, 3),
    ("Digitalt løft for småbedrifter", 2024, 3),
]
# A project whose amount is known (Sør-Trøndelag's 5.1 MNOK over five years); the others
# draw theirs, in hundred thousands of kroner a year.
KNOWN_AMOUNTS = {"Kompetanseløft Lokalmat–Reiseliv": Decimal("5100000")}
PROJECT_AMOUNTS = (6, 16)


def _placement(naeringshage: Naeringshage, year: int) -> Placement | None:
    """The year's placement: the level of last year when the tier model is the same,
    now and then one step, and the top level of a new model."""
    placement = Placement.objects.for_naeringshage(naeringshage).filter(year=year).first()
    if placement is not None:
        return placement
    model = tier_model_in(year)
    if model is None:
        return None  # no tier model for the year: no placement, no frame
    levels = list(model.levels.order_by("rank"))
    previous = (
        Placement.objects.for_naeringshage(naeringshage)
        .filter(year=year - 1, level__tier_model=model)
        .select_related("level")
        .first()
    )
    rank = 0
    if previous is not None:
        rank = next(i for i, level in enumerate(levels) if level.pk == previous.level_id)
        rank = min(
            len(levels) - 1, max(0, rank + stream("placement", year).choice([0] * 5 + [-1, 1]))
        )
    return placement_save(
        naeringshage=naeringshage,
        year=year,
        level=levels[rank],
        decision_date=date(year - 1, 12, 15),
        rationale=DEMO_RATIONALE,
    )


def _grant(naeringshage: Naeringshage, funder: Funder, kind: str, first: int, last: int,
           amount: Decimal, title: str = "") -> None:  # fmt: skip
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
            amount=amount,
            granted_on=date(first, 1, 15),
            note=DEMO_NOTE,
        )


def county_funders(naeringshage: Naeringshage, first: int, last: int) -> list[Funder]:
    """The county councils of the region's municipalities in `first` (as numbered then)
    that exist as funders from `first` to `last`."""
    municipalities = RegionMembership.objects.for_naeringshage(naeringshage).in_year(first)
    counties = set(
        numberings_on(
            year_reference_date(first),
            municipality_ids=municipalities.values_list("municipality_id", flat=True),
        ).values_list("county_id", flat=True)
    )
    funders = Funder.objects.filter(kind=Funder.Kind.COUNTY_COUNCIL, county__in=counties)
    return [
        funder
        for funder in funders.order_by("slug")
        if funder.exists_in(first) and funder.exists_in(last)
    ]


def _projects_starting(year: int) -> list[tuple[str, int, int]]:
    """(title, first year, last year) of the projects that start in `year` (those that
    started before 2016 start with 2016)."""
    title, start, length = PROJECTS[-1]
    projects = [(t, s, s + n - 1) for t, s, n in PROJECTS]
    number = 2
    while start + length <= year:
        start += length
        projects.append((f"{title} {number}", start, start + length - 1))
        number += 1
    return [
        project
        for project in projects
        if project[1] == year or (year == FIRST_YEAR and project[1] < FIRST_YEAR <= project[2])
    ]


def demo_grants(*, naeringshage: Naeringshage, year: int) -> None:
    """The year's placement and Siva frame (the placement's amount), a regional
    development fund from each of the region's county councils, and the projects that
    start in the year. What exists already is left as it is."""
    rng = stream("grants", year)
    placement = _placement(naeringshage, year)
    siva = Funder.objects.get(slug="siva")
    if placement is not None:
        has_frame = Grant.objects.for_naeringshage(naeringshage).filter(
            kind=Grant.Kind.SIVA_FRAME, first_year=year
        )
        if not has_frame.exists():
            amount = placement.level.yearly_amount
            _grant(naeringshage, siva, Grant.Kind.SIVA_FRAME, year, year, amount)
    for funder in county_funders(naeringshage, year, year):
        amount = Decimal(rng.randrange(14, 33) * 25_000)
        _grant(naeringshage, funder, Grant.Kind.REGIONAL_DEVELOPMENT, year, year, amount)
    for title, first, last in _projects_starting(year):
        funders = county_funders(naeringshage, first, last) or [siva]
        funder = funders[rng.randrange(len(funders))]
        # Whole hundred thousands a year, so that each year's part is whole kroner.
        drawn = Decimal(rng.randint(*PROJECT_AMOUNTS) * 100_000 * (last - first + 1))
        amount = KNOWN_AMOUNTS.get(title, drawn)
        _grant(naeringshage, funder, Grant.Kind.PROJECT, first, last, amount, title=title)


# The target against what the year reaches: most near it, some out of reach.
TARGET_FACTORS = (0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2)


def demo_targets(*, naeringshage: Naeringshage, year: int, today: date) -> None:
    """The year's targets, set once the year's activity is there: near the result
    (in the running year, the result so far projected to the whole year)."""
    kinds = list(TargetKind.objects.valid_in(year))
    if not kinds or Target.objects.for_naeringshage(naeringshage).filter(year=year).exists():
        return
    report = annual_report(naeringshage=naeringshage, year=year)
    gone = year_gone(year, date(year, 12, 31), today) or Decimal("1")
    rng = stream("targets", year)
    values: dict[int, int | None] = {}
    for kind in kinds:
        projected = Decimal(report.measure(kind.measure)) / gone
        values[kind.pk] = max(1, round(projected * Decimal(str(rng.choice(TARGET_FACTORS)))))
    targets_save(naeringshage=naeringshage, year=year, values=values)


# One large innovation project, so that the state-aid register's list has an award to
# report: EUR 100 000 or more (1 200 000 kr at the 2024 rate is about EUR 103 000).
LARGE_AWARD_YEAR = 2024
LARGE_AWARD_TITLE = "Innovasjonsprosjekt: ny produksjonslinje"


def demo_large_award(
    *, naeringshage: Naeringshage, companies: list, adviser, year: int
) -> PricedService | None:
    """In LARGE_AWARD_YEAR, a project grant and one service on it for the first target
    company of the year: a fixed price of 1 600 000 kr, 1 200 000 kr of it subsidy.
    Nothing when it exists, or in another year."""
    if year != LARGE_AWARD_YEAR or adviser is None:
        return None
    grants = Grant.objects.for_naeringshage(naeringshage)
    if grants.filter(title=LARGE_AWARD_TITLE).exists():
        return None
    targets = Enrolment.objects.filter(company__in=companies, kind=Enrolment.Kind.TARGET)
    enrolment = (
        targets.overlapping(date(year, 4, 15), date(year, 4, 15))
        .select_related("company")
        .order_by("company__name")
        .first()
    )
    if enrolment is None:
        return None
    funders = county_funders(naeringshage, year, year) or [Funder.objects.get(slug="siva")]
    grant = grant_create(
        naeringshage=naeringshage,
        funder=funders[0],
        kind=Grant.Kind.PROJECT,
        title=LARGE_AWARD_TITLE,
        first_year=year,
        last_year=year,
        amount=Decimal("1300000"),
        granted_on=date(year, 2, 1),
        note=DEMO_NOTE,
    )
    draft = ServiceDraft(
        naeringshage=naeringshage,
        company=enrolment.company,
        adviser=adviser,
        service_type=ServiceType.objects.get(slug="radgivning"),
        date=date(year, 4, 15),
        grant=grant,
        hours=Decimal("8"),
        fixed_price=Decimal("1600000"),
        own_share=Decimal("400000"),
        description="Demodata: et stort innovasjonsprosjekt, over terskelen for "
        "Registeret for offentlig støtte.",
    )
    return service_record(draft=draft, recorded_by=adviser)

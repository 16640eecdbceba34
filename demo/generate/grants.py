"""Money: each næringshage's Siva tier placement and frame every year, regional
development funds from its county council, and a few project grants over several years.
The services drawn on them later never spend more than an allocation holds."""

import random
from datetime import date
from decimal import Decimal

from core.money import split_evenly
from demo.generate.fiction import GENERATED_NOTE, PROJECT_TITLES, stream
from demo.generate.run import Garden, Run
from demo.generate.scale import FIRST_YEAR, LAST_YEAR, GenerationError
from funding.models import Funder, Grant, GrantAllocation, Placement, TierLevel, TierModel

# (slug, first year, last year, [(label, yearly amount)]): used for the years no tier
# model of the reference data covers. Amounts from DOMAIN.md §3.
GENERATED_TIER_MODELS = [
    (
        "gen-2018",
        2018,
        2022,
        [
            ("Nivå 1", 2_500_000),
            ("Nivå 2", 1_800_000),
            ("Nivå 3", 1_700_000),
            ("Nivå 4", 1_400_000),
        ],
    ),
    ("gen-2023", 2023, 2032, [("Nivå A", 3_500_000), ("Nivå B", 2_600_000), ("Nivå C", 1_700_000)]),
]


def money_create(run: Run, gardens: list[Garden]) -> None:
    """Placements and Siva frames each year, regional development funds from the
    county council, and a few project grants over several years."""
    levels = _tier_levels(run.years)
    rng = stream(run.seed, "money")
    average = 1 / len(gardens)
    for garden in gardens:
        garden.grants = {year: {kind: [] for kind in Grant.Kind.values} for year in run.years}
        for year in run.years:
            _yearly_grants(run, rng, garden, levels[year], year, average)
        _project_grants(run, rng, garden)
    grants = allocations = 0
    for garden in gardens:
        for kinds in garden.grants.values():
            for entries in kinds.values():
                allocations += len(entries)
        grants = Grant.objects.for_naeringshage(garden.naeringshage).count() + grants
    run.summary.counts["grants"] = grants
    run.summary.counts["grant allocations"] = allocations


def _yearly_grants(
    run: Run, rng: random.Random, garden: Garden, options: list[TierLevel], year: int, average
) -> None:
    """The year's placement and Siva frame, and the county council's regional funds."""
    # Larger næringshager sit higher, with a step now and then.
    rank = min(
        len(options) - 1,
        max(0, int((1 - min(garden.size / average, 2) / 2) * len(options)))
        + rng.choice([-1, 0, 0, 0, 1]),
    )
    rank = max(0, rank)
    level = options[rank]
    Placement.objects.create(
        naeringshage=garden.naeringshage,
        year=year,
        level=level,
        decision_date=date(year - 1, 12, 15),
        rationale=GENERATED_NOTE,
    )
    siva = run.reference.siva
    _grant(garden, Grant.Kind.SIVA_FRAME, siva, year, year, level.yearly_amount)
    county = garden.municipalities[0].numbering_on(date(year, 12, 31)).county_id
    funder = run.reference.county_funder(county, year, year)
    if funder is not None:
        amount = Decimal(rng.randrange(6, 18) * 50_000) * Decimal(
            str(round(max(garden.size / average, 0.5), 2))
        )
        _grant(garden, Grant.Kind.REGIONAL_DEVELOPMENT, funder, year, year, amount)


def _project_grants(run: Run, rng: random.Random, garden: Garden) -> None:
    home = garden.municipalities[0]
    for number in range(rng.choice([1, 2, 2, 3])):
        first = rng.randrange(FIRST_YEAR, LAST_YEAR - 1)
        last = min(LAST_YEAR, first + rng.randrange(2, 5))
        county = home.numbering_on(date(first, 12, 31)).county_id
        funder = run.reference.county_funder(county, first, last) or run.reference.siva
        amount = Decimal(rng.randrange(10, 61) * 100_000)
        title = PROJECT_TITLES[(garden.index + number) % len(PROJECT_TITLES)]
        _grant(garden, Grant.Kind.PROJECT, funder, first, last, amount, title=title)


def _grant(
    garden: Garden, kind: str, funder: Funder, first: int, last: int, amount, title=""
) -> None:
    grant = Grant.objects.create(
        naeringshage=garden.naeringshage,
        funder=funder,
        kind=kind,
        title=title,
        first_year=first,
        last_year=last,
        amount=amount,
        granted_on=date(first, 1, 15),
        note=GENERATED_NOTE,
    )
    years = list(range(first, last + 1))
    parts = split_evenly(amount, len(years))
    GrantAllocation.objects.bulk_create(
        GrantAllocation(grant=grant, year=year, amount=part)
        for year, part in zip(years, parts, strict=True)
    )
    for year, part in zip(years, parts, strict=True):
        garden.grants[year][kind].append([grant.pk, int(part * 100)])


def _tier_levels(years: list[int]) -> dict[int, list[TierLevel]]:
    """The levels (top first) of the tier model in force each year, making a
    generated model for the years the reference data does not cover."""
    levels = {}
    for year in years:
        model = tier_model_in(year)
        if model is None:
            raise GenerationError(f"No tier model covers {year}.")
        levels[year] = list(model.levels.order_by("rank"))
    return levels


def tier_model_in(year: int) -> TierModel | None:
    """The tier model in force in `year`: the reference data's, or else a generated one
    (made the first time it is needed; None after the generated models' last year).
    The demo data (`seed_demo`) uses the same models."""
    model = TierModel.objects.valid_in(year).order_by("-first_year").first()
    return model or _generated_tier_model(year)


def _generated_tier_model(year: int) -> TierModel | None:
    spec = next((spec for spec in GENERATED_TIER_MODELS if spec[1] <= year <= spec[2]), None)
    if spec is None:
        return None
    slug, first, last, amounts = spec
    model, created = TierModel.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"Generert nivåmodell {first}–{last}",
            "first_year": first,
            "last_year": last,
            "description": GENERATED_NOTE,
        },
    )
    if created:
        TierLevel.objects.bulk_create(
            TierLevel(tier_model=model, label=label, rank=rank, yearly_amount=amount)
            for rank, (label, amount) in enumerate(amounts, start=1)
        )
    return model

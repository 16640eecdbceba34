"""The priced services, one year at a time (memory stays bounded), all næringshager
interleaved in date order. Each keeps the rules the staff pages keep: price = own share
+ subsidy, at least the own share in force on a Siva frame, no grant drawn beyond what
is left of its allocation for the year, each company's state aid far below the cap."""

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from demo.generate.bulk import BulkTable
from demo.generate.fiction import DESCRIPTIONS, moment, stream
from demo.generate.run import Garden, GeneratedCompany, Run
from demo.generate.scale import FIRST_YEAR, apportion, year_weights
from funding.models import Grant, PricedService
from programmes.models import ServiceType

SERVICE_FIELDS = [
    "naeringshage", "company", "adviser", "service_type", "date", "description", "hours",
    "hourly_rate", "fixed_price", "price", "own_share", "subsidy", "grant",
    "own_share_exception", "exception_reason", "nok_per_eur", "subsidy_eur", "submission_id",
    "created_at", "created_by", "updated_at", "voided_at", "voided_by", "void_reason",
]  # fmt: skip
SERVICE_TYPE_WEIGHTS = {
    "radgivning": 60,
    "kurs": 10,
    "nettverk": 10,
    "kompetanseforum": 8,
    "kompetanseheving": 8,
    "annet": 4,
}
FIXED_PRICE_TYPES = {"kurs", "nettverk", "kompetanseforum"}
# Half hours: most advice is short.
HALF_HOURS = [1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 16]
FIXED_PRICES = [500, 750, 1000, 1500, 2500, 4000]
# Fewer services in July and December.
MONTH_WEIGHTS = [9, 10, 11, 10, 10, 8, 3, 8, 11, 11, 10, 6]
# The funding line a service is recorded on; None: the company pays it all.
FUNDING_LINES = [Grant.Kind.SIVA_FRAME, Grant.Kind.REGIONAL_DEVELOPMENT, Grant.Kind.PROJECT, None]
FUNDING_WEIGHTS = [65, 12, 8, 15]
COVID_REASON = "Bedriften er rammet av covid-19 (genererte data)."
VOID_REASON = "Registrert på feil bedrift (genererte data)"


@dataclass
class _Year:
    """What every service of one year draws on."""

    run: Run
    year: int
    minimum: Decimal  # the own share in force on a Siva frame
    types: list[tuple[ServiceType, int]]
    type_cum: list[int]
    month_cum: list[int]
    # day -> (NOK per EUR as text, the same in ten-thousandths)
    rate_by_day: dict[date, tuple[str, int]] = field(default_factory=dict)


def services_create(run: Run, gardens: list[Garden]) -> None:
    table = BulkTable(PricedService, SERVICE_FIELDS)
    types = [
        (run.reference.service_types[slug], weight)
        for slug, weight in SERVICE_TYPE_WEIGHTS.items()
        if slug in run.reference.service_types
    ]
    type_cum = list(accumulate(w for _t, w in types))
    month_cum = list(accumulate(MONTH_WEIGHTS))
    per_garden = apportion(run.scale.services, [g.size for g in gardens])
    weights = list(year_weights().values())
    per_year = [apportion(total, weights) for total in per_garden]
    for year in run.years:
        context = _Year(
            run=run,
            year=year,
            minimum=run.reference.rule_share[year],
            types=types,
            type_cum=type_cum,
            month_cum=month_cum,
        )
        rows: list[tuple] = []
        for garden in gardens:
            rows += _garden_rows(context, garden, per_year[garden.index][year - FIRST_YEAR])
        # All næringshager record at once: rows are stored in date order, interleaved.
        rows.sort(key=lambda row: (row[0], row[1]))
        for _day, _tie, values in rows:
            table.add(*values)
        table.flush()
        run.log(f"  {year}: {len(rows)} services")
    run.summary.counts["services"] = table.written


def _garden_rows(context: _Year, garden: Garden, count: int) -> list[tuple]:
    """The næringshage's services of the year, as (day, tie-breaker, row values)."""
    year = context.year
    rng = stream(context.run.seed, "services", garden.index, year)
    active = [c for c in garden.companies if c.first_year <= year <= c.last_year]
    if not active or count == 0:
        return []
    # Drafts first, in date order, so that a grant runs out late in the year.
    drafts = _drafts(rng, active, count, year, context.month_cum)
    room = {
        kind: [list(entry) for entry in entries] for kind, entries in garden.grants[year].items()
    }
    return [_service_row(context, rng, garden, room, day, company) for day, _tie, company in drafts]


def _drafts(
    rng: random.Random, active: list[GeneratedCompany], count: int, year: int, month_cum: list
) -> list[tuple[date, float, GeneratedCompany]]:
    """Which company gets a service on which working day, busier companies more often."""
    company_cum = list(accumulate(c.weight for c in active))
    drafts = []
    for company in rng.choices(active, cum_weights=company_cum, k=count):
        month = bisect_right(month_cum, rng.random() * month_cum[-1]) + 1
        day = date(year, month, 1) + timedelta(days=rng.randrange(28))
        if day.weekday() >= 5:  # to the Monday after, in the same month
            day += timedelta(days=7 - day.weekday())
        drafts.append((day, rng.random(), company))
    drafts.sort(key=lambda draft: (draft[0], draft[1]))
    return drafts


def _service_row(
    context: _Year,
    rng: random.Random,
    garden: Garden,
    room: dict[str, list[list[int]]],
    day: date,
    company: GeneratedCompany,
) -> tuple:
    type_cum = context.type_cum
    service_type = context.types[bisect_right(type_cum, rng.random() * type_cum[-1])][0]
    hours, rate, fixed, price = _price(rng, service_type, context.year)
    grant_id, exception_id, reason, own_share = _funding(context, rng, room, day, company, price)
    subsidy = price - own_share
    if subsidy:
        nok_text = context.rate_by_day[day][0]
        subsidy_eur = _eur_cents(context, day, subsidy)
    else:
        nok_text, subsidy_eur = None, 0
    adviser = rng.choice(garden.staff)
    created = moment(day, rng)
    voided = rng.random() < 0.01
    return (
        day,
        rng.random(),
        (
            garden.naeringshage.pk, company.id, adviser, service_type.pk, day,
            rng.choice(DESCRIPTIONS), hours, rate, fixed, price, own_share, subsidy, grant_id,
            exception_id, reason, nok_text, subsidy_eur,
            uuid.UUID(int=rng.getrandbits(128), version=4) if rng.random() < 0.9 else None,
            created.isoformat(), adviser, created.isoformat(),
            (created + timedelta(days=3)).isoformat() if voided else None,
            garden.manager if voided else None,
            VOID_REASON if voided else "",
        ),
    )  # fmt: skip


def _price(rng: random.Random, service_type: ServiceType, year: int) -> tuple:
    """(hours, hourly rate, fixed price, price): hours in hundredths, money in øre."""
    if service_type.slug in FIXED_PRICE_TYPES and rng.random() < 0.6:
        fixed = rng.choice(FIXED_PRICES) * 100
        return None, None, fixed, fixed
    half_hours = rng.choice(HALF_HOURS)
    rate = (900 + 25 * (year - FIRST_YEAR) + rng.randrange(0, 7) * 50) * 100
    return half_hours * 50, rate, None, half_hours * rate // 2


def _funding(
    context: _Year,
    rng: random.Random,
    room: dict[str, list[list[int]]],
    day: date,
    company: GeneratedCompany,
    price: int,
) -> tuple[int | None, int | None, str, int]:
    """(grant id, own-share exception id, its reason, own share). Without a grant that
    has room, or when the company's aid would pass the ceiling, the company pays it all."""
    line = rng.choices(FUNDING_LINES, weights=FUNDING_WEIGHTS)[0]
    if line is None or not room[line]:
        return None, None, "", price
    entry = rng.choice(room[line])
    share = rng.choice([25, 25, 25, 30, 40, 50])
    exception = None
    if line == Grant.Kind.SIVA_FRAME:
        share = max(share, int(context.minimum * 100 + Decimal("0.9999")))
        exception = context.run.reference.exception_on(day)
        if exception is not None and rng.random() < 0.15:
            share = int(exception.minimum_share * 100)
        else:
            exception = None
    candidate = -(-price * share // 100)  # rounded up to whole øre
    eur = _eur_cents(context, day, price - candidate)
    year, aid = context.year, company.aid
    window = sum(aid.get(y, 0) for y in range(year - 3, year + 1))
    if price - candidate > entry[1] or window + eur > context.run.reference.aid_ceiling:
        return None, None, "", price
    entry[1] -= price - candidate
    aid[year] = aid.get(year, 0) + eur
    if exception is None:
        return entry[0], None, "", candidate
    return entry[0], exception.pk, COVID_REASON, candidate


def _eur_cents(context: _Year, day: date, subsidy: int) -> int:
    """A subsidy in øre as whole euro cents, halves up, as round_nok(subsidy / rate)."""
    rate_by_day = context.rate_by_day
    if day not in rate_by_day:
        nok = context.run.reference.rate_on(day)
        rate_by_day[day] = (str(nok), int(nok * 10_000))
    nok_int = rate_by_day[day][1]
    return (subsidy * 20_000 + nok_int) // (2 * nok_int)

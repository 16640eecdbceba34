"""Events (KompetanseForum, courses, network meetings) each year in every generated
næringshage, and the companies' people and a few guests who came."""

import random
from datetime import date, datetime, time, timedelta

from demo.generate.bulk import BulkTable
from demo.generate.fiction import EVENT_TITLES, stream
from demo.generate.run import Garden, Run
from demo.generate.scale import OSLO
from programmes.models import Event, Participant

EVENT_FIELDS = [
    "naeringshage", "title", "kind", "starts_at", "ends_at", "municipality", "venue",
    "responsible", "description", "created_at", "updated_at",
]  # fmt: skip
PARTICIPANT_FIELDS = ["event", "name", "company", "email", "created_at"]


def events_create(run: Run, gardens: list[Garden]) -> None:
    events = BulkTable(Event, EVENT_FIELDS)
    participants = BulkTable(Participant, PARTICIPANT_FIELDS, parents=(events,))
    average = 1 / len(gardens)
    for garden in gardens:
        rng = stream(run.seed, "events", garden.index)
        per_year = max(2, round(run.scale.events_per_year * garden.size / average))
        for year in run.years:
            active = [c for c in garden.companies if c.first_year <= year <= c.last_year]
            for _ in range(per_year):
                _event(rng, events, participants, garden, year, active)
    events.flush()
    participants.flush()
    run.summary.counts.update(events=events.written, participants=participants.written)


def _event(
    rng: random.Random,
    events: BulkTable,
    participants: BulkTable,
    garden: Garden,
    year: int,
    active: list,
) -> None:
    kind, title = rng.choice(EVENT_TITLES)
    day = date(year, 1, 10) + timedelta(days=rng.randrange(340))
    starts = datetime.combine(day, time(rng.choice([9, 12, 18])), tzinfo=OSLO)
    municipality = rng.choice(garden.municipalities)
    event_id = events.add(
        garden.naeringshage.pk,
        title,
        kind,
        starts.isoformat(),
        (starts + timedelta(hours=rng.choice([2, 3, 4, 6]))).isoformat(),
        municipality.pk,
        f"Kulturhuset i {municipality.slug.title()}",
        rng.choice(garden.staff),
        "Faglig innlegg, erfaringsdeling og nettverk.",
        starts.isoformat(),
        starts.isoformat(),
    )
    came = rng.sample(active, k=min(len(active), rng.randrange(5, 30)))
    for company in came:
        participants.add(event_id, company.contact, company.id, company.email, starts.isoformat())
    for guest in range(rng.randrange(0, 4)):
        participants.add(event_id, f"Gjest {guest + 1}", None, "", starts.isoformat())

"""The steps of one generation, in order, inside one transaction."""

from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction

from demo.generate.companies import companies_create
from demo.generate.events import events_create
from demo.generate.grants import money_create
from demo.generate.organisation import gardens_create, staff_create
from demo.generate.reference import reference_load
from demo.generate.run import Run, Summary
from demo.generate.scale import FIRST_YEAR, LAST_YEAR, SCALES, GenerationError
from demo.generate.services import services_create
from funding.models import PricedService
from programmes import page_cache
from programmes.models import Company, ContactPerson, Enrolment, Event, KeyFigures, Participant

# Written in bulk with ids of the generator's own: their sequences move past them.
BULK_MODELS = [Company, ContactPerson, KeyFigures, Enrolment, Event, Participant, PricedService]


class Generator:
    def __init__(self, *, scale: str, seed: int, log: Callable[[str], None] = lambda _m: None):
        if scale not in SCALES:
            raise GenerationError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.seed = seed
        self.log = log
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.summary = Summary(scale=scale, seed=seed)

    def run(self) -> Summary:
        run = Run(
            scale=self.scale,
            seed=self.seed,
            years=self.years,
            reference=reference_load(years=self.years),
            summary=self.summary,
            log=self.log,
        )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Check foreign keys as each batch is written, not all at the commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            _write(run)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), BULK_MODELS):
                    cursor.execute(sql)
            page_cache.mark_changed()  # rows written by COPY send no signal
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the planner knows the tables' new sizes at once.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.summary


def _write(run: Run) -> None:
    gardens = gardens_create(run)
    staff_create(run, gardens)
    money_create(run, gardens)
    run.log("Organisation, staff and grants ready; companies …")
    companies_create(run, gardens)
    run.log(f"  {run.summary.counts['companies']} companies; events …")
    events_create(run, gardens)
    run.log(f"  {run.summary.counts['events']} events; services …")
    services_create(run, gardens)


def generate(*, scale: str, seed: int, log: Callable[[str], None] = lambda _m: None) -> Summary:
    """Generate the data set of `scale` from `seed` (see the package's docstring)."""
    return Generator(scale=scale, seed=seed, log=log).run()

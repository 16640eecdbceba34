"""A large, fictional, deterministic data set for measuring speed (`generate_data`).

Three scales: *demo* (2 næringshager, a couple of thousand services, seconds; what the
tests use), *region* (5 næringshager, 100 000 services) and *national* (40 næringshager,
20 000 companies, 1 000 000 services over 2016–2025: Siva or a county council hosting
the product for many næringshager).

The same seed gives the same rows. Every row keeps the rules the staff pages keep
(valid organisation numbers, one enrolment at a time, price = own share + subsidy, at
least the own share in force on a Siva frame, no grant drawn beyond its allocation for
the year, state aid far below the cap), but the rows are written in bulk, not through
`service_record`: on PostgreSQL with COPY in batches, elsewhere with `bulk_create`.
Memory stays bounded: services are made and written one year at a time.

Generated næringshager have keys starting with `gen-`; their staff are `leder-NN`
(manager) and `radgiver-NN` (adviser), with the passwords below. Generation runs alone:
row ids are given by the generator, and the sequences are moved past them at the end.

The steps, one module each: `organisation` (næringshager and staff), `grants`
(placements, frames and grants), `companies`, `events`, `services`; `reference` reads
the reference data they draw on, `bulk` writes the rows, `digests` checks them, and
`cleanup` deletes them again.
"""

from demo.generate.cleanup import (
    delete_generated_data,
    generated_naeringshager,
    has_generated_data,
)
from demo.generate.digests import checksums
from demo.generate.generator import Generator, generate
from demo.generate.organisation import ADVISER_PASSWORD, MANAGER_PASSWORD
from demo.generate.run import Summary
from demo.generate.scale import (
    FIRST_YEAR,
    LAST_YEAR,
    PROGRAMME,
    SCALES,
    SLUG_PREFIX,
    GenerationError,
    Scale,
)

__all__ = [
    "ADVISER_PASSWORD",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MANAGER_PASSWORD",
    "PROGRAMME",
    "SCALES",
    "SLUG_PREFIX",
    "GenerationError",
    "Generator",
    "Scale",
    "Summary",
    "checksums",
    "delete_generated_data",
    "generate",
    "generated_naeringshager",
    "has_generated_data",
]

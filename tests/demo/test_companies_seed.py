"""The demo companies are the same for the same seed, wherever they are made."""

import random

from demo.companies import demo_companies, demo_key_figures


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demo data, not secrets


def test_the_same_seed_gives_the_same_data(
    staff_of_rorosregionen, other_naeringshage, django_user_model
):
    first = demo_companies(naeringshage=staff_of_rorosregionen, rng=seeded(7))
    second = demo_companies(naeringshage=other_naeringshage, rng=seeded(7))
    demo_key_figures(companies=first, year=2016)
    demo_key_figures(companies=second, year=2016)

    def fingerprint(companies):
        return [
            (c.organisation_number, c.name, c.nace_code, list(c.key_figures.values_list("revenue")))
            for c in companies
        ]

    # The other næringshage has no region in the reference data, so only names and
    # numbers are compared (municipalities differ).
    assert fingerprint(first) == fingerprint(second)

"""Report tests start from the real reference data, with the funding tests' cast."""

from tests.funding.conftest import (  # noqa: F401 (fixtures)
    advice,
    company,
    frame_2016,
    other_naeringshage,
    reference,
    roros,
    roros_adviser,
    roros_municipality,
    siva,
    staff,
)

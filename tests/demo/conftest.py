"""The demo tests start from the real reference data, with the programmes tests' cast."""

from tests.programmes.conftest import (  # noqa: F401 (fixtures)
    other_naeringshage,
    rorosregionen,
    staff_of_rorosregionen,
)

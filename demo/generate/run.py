"""What one generation carries from step to step: its scale and seed, the reference
data, the næringshager and companies made so far, and the counts of rows written."""

from collections.abc import Callable
from dataclasses import dataclass, field

from demo.generate.reference import Reference
from demo.generate.scale import Scale
from municipalities.models import Municipality
from programmes.models import Naeringshage


@dataclass
class Summary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class GeneratedCompany:
    id: int
    name: str
    first_year: int  # active (may receive services) from this year …
    last_year: int  # … to this one
    weight: float
    contact: str
    email: str
    aid: dict[int, int] = field(default_factory=dict)  # year -> euro cents of state aid


@dataclass
class Garden:
    """A generated næringshage, with what later steps need of it."""

    index: int
    naeringshage: Naeringshage
    size: float  # its share of the country's activity
    municipalities: list[Municipality]
    staff: list[int] = field(default_factory=list)
    manager: int = 0
    companies: list[GeneratedCompany] = field(default_factory=list)
    # year -> kind -> [[grant id, what is left of the allocation in øre]]
    grants: dict[int, dict[str, list[list[int]]]] = field(default_factory=dict)


@dataclass
class Run:
    scale: Scale
    seed: int
    years: list[int]
    reference: Reference
    summary: Summary
    log: Callable[[str], None]
    orgnrs: set[str] = field(default_factory=set)  # organisation numbers taken

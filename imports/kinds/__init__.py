"""What an import can bring in, row by row: companies, their contact persons, their key
figures, and services (imports.kinds.base has what the kinds share)."""

from imports.kinds.base import ACTIONS, CREATE, REFUSED, SKIP, UPDATE, Kind, Outcome, normalise
from imports.kinds.companies import Companies, ContactPersons, KeyFiguresOfYears
from imports.kinds.services import Services

KINDS: dict[str, Kind] = {
    kind.key: kind for kind in (Companies(), ContactPersons(), KeyFiguresOfYears(), Services())
}
CHOICES: list[tuple[str, object]] = [(kind.key, kind.label) for kind in KINDS.values()]

__all__ = [
    "ACTIONS",
    "CHOICES",
    "CREATE",
    "KINDS",
    "REFUSED",
    "SKIP",
    "UPDATE",
    "Kind",
    "Outcome",
    "normalise",
]

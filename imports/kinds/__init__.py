"""What an import can bring in, row by row: companies, their contact persons, their key
figures, services, and the participants of events (each row one person, its event
created by the first row naming it); imports.kinds.base has what the kinds share."""

from imports.kinds.base import ACTIONS, CREATE, REFUSED, SKIP, UPDATE, Kind, Outcome, normalise
from imports.kinds.companies import Companies, ContactPersons, KeyFiguresOfYears
from imports.kinds.events import Participants
from imports.kinds.services import Services

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (Companies(), ContactPersons(), KeyFiguresOfYears(), Services(), Participants())
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

"""Reads of one person's data: the contact persons and event participants whose name or
e-mail matches what the manager searches for, and everything kept about chosen rows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from programmes.models import ContactPerson, Naeringshage, Participant

MAX_MATCHES = 200  # a search is for one person: a longer list asks for a narrower search


def contact_persons_of(*, naeringshage: Naeringshage) -> QuerySet[ContactPerson]:
    return ContactPerson.objects.for_naeringshage(naeringshage).select_related("company")


def participants_of(*, naeringshage: Naeringshage) -> QuerySet[Participant]:
    return Participant.objects.for_naeringshage(naeringshage).select_related(
        "event", "event__municipality", "company"
    )


def _word_in_name(word: str) -> Q:
    """`word` in the name, whatever its case. SQLite folds only ASCII letters' case, so
    the word's usual spellings are asked for too (“østby” finds “Østby”)."""
    match = Q(name__icontains=word)
    for variant in {word.lower(), word.upper(), word.capitalize()}:
        match |= Q(name__contains=variant)
    return match


def _matching(query: str) -> Q:
    """Every word of `query` in the name, or the whole query as the e-mail."""
    by_name = Q()
    for word in query.split():
        by_name &= _word_in_name(word)
    return by_name | Q(email__iexact=query.strip())


@dataclass(frozen=True)
class PersonMatches:
    contact_persons: list[ContactPerson]
    participants: list[Participant]
    truncated: bool


def person_matches(*, naeringshage: Naeringshage, query: str) -> PersonMatches:
    """The næringshage's contact persons and participants matching `query`, at most
    MAX_MATCHES of each (two queries)."""
    contacts = list(
        contact_persons_of(naeringshage=naeringshage)
        .filter(_matching(query))
        .order_by("name", "company__name", "pk")[: MAX_MATCHES + 1]
    )
    participants = list(
        participants_of(naeringshage=naeringshage)
        .filter(_matching(query))
        .order_by("name", "-event__starts_at", "pk")[: MAX_MATCHES + 1]
    )
    truncated = len(contacts) > MAX_MATCHES or len(participants) > MAX_MATCHES
    return PersonMatches(contacts[:MAX_MATCHES], participants[:MAX_MATCHES], truncated)


def _moment(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def personal_data(*, naeringshage: Naeringshage, contact_persons, participants) -> dict:
    """Everything kept about the chosen rows, as a JSON-ready document (the right of
    access and to data portability)."""
    return {
        "naeringshage": naeringshage.name,
        "exported_at": _moment(timezone.now()),
        "contact_persons": [
            {
                "name": person.name,
                "role": person.role,
                "email": person.email,
                "phone": person.phone,
                "company": person.company.name,
                "organisation_number": person.company.organisation_number,
            }
            for person in contact_persons
        ],
        "event_participations": [
            {
                "name": participant.name,
                "email": participant.email,
                "company": participant.company.name if participant.company else None,
                "event": participant.event.title,
                "event_starts_at": _moment(participant.event.starts_at),
                "event_municipality": str(participant.event.municipality),
                "registered_at": _moment(participant.created_at),
            }
            for participant in participants
        ],
    }

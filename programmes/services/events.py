"""Writes of events and their participants: one transaction each, validated first.

A participant is checked against the others of the event while the event's row is
locked, so a form posted twice (or two staff adding the same person at once) adds the
person once. An event's edit is refused when somebody saved it after the form was
opened (`opened_at`, programmes.conflicts).
"""

from datetime import datetime
from typing import overload

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from municipalities.models import Municipality
from programmes.conflicts import lock_unchanged
from programmes.models import Company, Event, Naeringshage, Participant


@overload
def _aware(moment: datetime) -> datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: datetime | None) -> datetime | None:
    """A naive time is read as Oslo time (the product's time zone)."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def event_create(
    *,
    naeringshage: Naeringshage,
    title: str,
    kind: str,
    starts_at: datetime,
    municipality: Municipality,
    responsible: User,
    ends_at: datetime | None = None,
    venue: str = "",
    description: str = "",
) -> Event:
    """Records an event; the responsible adviser must work for the same næringshage."""
    event = Event(
        naeringshage=naeringshage,
        title=title,
        kind=kind,
        starts_at=_aware(starts_at),
        ends_at=_aware(ends_at),
        municipality=municipality,
        venue=venue,
        responsible=responsible,
        description=description,
    )
    with transaction.atomic():
        event.full_clean()
        event.save()
    return event


def event_update(
    *,
    event: Event,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime | None,
    municipality: Municipality,
    venue: str,
    responsible: User,
    description: str,
    opened_at: datetime | None = None,
) -> Event:
    event.title = title
    event.kind = kind
    event.starts_at = _aware(starts_at)
    event.ends_at = _aware(ends_at)
    event.municipality = municipality
    event.venue = venue
    event.responsible = responsible
    event.description = description
    with transaction.atomic():
        lock_unchanged(event, opened_at)
        event.full_clean()
        event.save()
    return event


def participant_add(
    *, event: Event, name: str, company: Company | None = None, email: str = ""
) -> Participant:
    """Adds a person to an event. Refused: the same name with the same e-mail, or the
    same name from the same company, twice; a company of another næringshage."""
    participant = Participant(event=event, name=name, company=company, email=email)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        participant.full_clean()
        participant.save()
    return participant


def participant_remove(*, participant: Participant) -> None:
    with transaction.atomic():
        participant.delete()

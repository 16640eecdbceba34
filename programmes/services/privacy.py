"""Erasing one person's data on request: their contact person rows are deleted, and
their event participations are kept for the counts the reports give, with the name
replaced and the e-mail removed. One transaction."""

import logging

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Cast, Concat

from programmes import page_cache
from programmes.models import ContactPerson, Participant

ERASED_NAME = "Slettet person"  # stored as data, the same whatever the staff's language

logger = logging.getLogger(__name__)


def person_erase(
    *,
    contact_persons: QuerySet[ContactPerson],
    participants: QuerySet[Participant],
    erased_by: User | None,
) -> tuple[int, int]:
    """Delete `contact_persons` and anonymise `participants`; returns how many of each.

    An anonymised participant is named "Slettet person <id>" (unique, so that two
    erased people at one event from one company stay two rows) and keeps the event and
    the company, so that the event's and the company's counts stay right.
    """
    with transaction.atomic():
        participant_ids = list(participants.select_for_update().values_list("pk", flat=True))
        # An update sends no signal: the pages of the events' næringshager change.
        page_cache.mark_changed(
            Participant.objects.filter(pk__in=participant_ids)
            .values_list("event__naeringshage", flat=True)
            .distinct()
        )
        Participant.objects.filter(pk__in=participant_ids).update(
            name=Concat(Value(f"{ERASED_NAME} "), Cast("pk", models.CharField())), email=""
        )
        deleted, _ = ContactPerson.objects.filter(
            pk__in=list(contact_persons.values_list("pk", flat=True))
        ).delete()
    # Who erased, and how much; never whom (that would keep what was erased).
    logger.info(
        "Personal data erased by %s: %d contact persons deleted, %d participants anonymised",
        f"user {erased_by.pk}" if erased_by else "the retention rule",
        deleted,
        len(participant_ids),
    )
    return deleted, len(participant_ids)

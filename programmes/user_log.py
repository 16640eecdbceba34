"""The history of staff users: who invited a user, changed their role or deactivated
them, and when.

Users have no history table of their own (django-simple-history would copy the
password hash into one, and every login would add a row). Their changes go where the
admin already writes an administrator's changes to a user: Django's admin log
(`LogEntry`), so the admin's "History" of a user and the manager's page show the same
list. Each entry's message is in the admin's JSON form, which the admin translates,
with the fields' values before and after beside it for the staff pages.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import ROLE_LABELS
from core.history import EMPTY, FieldChange, HistoryEntry, user_name

# The fields a change names, as the admin names a user's fields (translated when shown).
FIRST_NAME = gettext_noop("first name")
LAST_NAME = gettext_noop("last name")
EMAIL = gettext_noop("email address")
ROLE = gettext_noop("role")
ACTIVE = gettext_noop("active")

ACTIONS = {ADDITION: "created", CHANGE: "changed"}


@dataclass(frozen=True)
class Change:
    field: str  # one of the names above
    old: Any
    new: Any


def user_log_write(
    *, user: User, changed_by: User, created: bool, changes: Sequence[Change]
) -> None:
    """One entry in the user's history: made (`created`), or the `changes` made to it."""
    if created:
        message: list[dict] = [{"added": {}}]
    else:
        message = [{"changed": {"fields": [change.field for change in changes]}}]
    message.append({"values": [[change.field, change.old, change.new] for change in changes]})
    LogEntry.objects.log_actions(
        user_id=changed_by.pk,
        queryset=[user],
        action_flag=ADDITION if created else CHANGE,
        change_message=message,
        single_object=True,
    )


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if field == ROLE:
        return str(ROLE_LABELS.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _values(entry: LogEntry) -> list[list] | None:
    """The values this module wrote with the entry; None for another's (the admin's)."""
    try:
        message = json.loads(entry.change_message)
    except ValueError:
        return None
    for part in message if isinstance(message, list) else []:
        if isinstance(part, dict) and isinstance(part.get("values"), list):
            return part["values"]
    return None


def user_history(user: User) -> list[HistoryEntry]:
    """Every entry of the user's history, newest first: this module's with each field
    before and after, the admin's with the admin's own words."""
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
    history = []
    for entry in entries:
        values = _values(entry)
        changes = [
            FieldChange(label=capfirst(_(field)), old=_shown(field, old), new=_shown(field, new))
            for field, old, new in values or []
        ]
        history.append(
            HistoryEntry(
                at=entry.action_time,
                who=user_name(entry.user),
                action=ACTIONS.get(entry.action_flag, "deleted"),
                subject="" if values is not None else entry.get_change_message(),
                changes=changes,
                history_id=entry.pk,
            )
        )
    return history

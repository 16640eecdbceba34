"""The audit trail: who changed a row, when, and which fields from what to what.

django-simple-history writes a historical row on every save and delete of the models
that declare `history = HistoricalRecords()`; the request's user is its author
(`HistoryRequestMiddleware`). Rows written outside a request (a command, an import)
have no author, and rows written in bulk (`generate_data`) have no history at all.

`history_entries` turns the historical rows of one object, and of the rows that
belong to it (a company's enrolments, a grant's allocations), into the entries of its
"History" page, newest first. It reads each source in one query and the labels of the
rows the changes name in one query per related model, however many changes there are.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.display import EMPTY, field_text
from core.users import user_label

# The fields a History page never shows: bookkeeping, and the owner that never changes.
ALWAYS_HIDDEN = frozenset({"id", "created_at", "updated_at", "naeringshage", "submission_id"})

LabelReader = Callable[[Iterable[int]], dict[int, str]]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    action: str  # "created", "changed" or "deleted"
    subject: str  # empty for the object itself, else the part changed ("Enrolment …")
    changes: list[FieldChange] = field(default_factory=list)
    history_id: int = 0
    reason: str = ""  # what made the change, where recorded (an import: its number and file)

    @property
    def action_label(self) -> str:
        return {
            "created": _("Created"),
            "changed": _("Changed"),
            "deleted": _("Deleted"),
        }[self.action]


@dataclass(frozen=True)
class HistorySource:
    """The historical rows of one model to show, and how to name the row they are of.

    `subject` names a part (an enrolment, an allocation) from its historical row; None
    for the object itself. `hidden` fields are left out (the company an enrolment
    belongs to, say)."""

    records: QuerySet
    subject: Callable[[Any], str] | None = None
    hidden: tuple[str, ...] = ()


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def user_name(user) -> str:
    if user is None:
        return _("no user (a command or an import)")
    return user_label(user)


def _user_labels(ids: Iterable[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=set(ids))
    return {user.pk: user_name(user) for user in users}


def _default_labels(model: type[models.Model]) -> LabelReader:
    def read(ids: Iterable[int]) -> dict[int, str]:
        rows = model._default_manager.filter(pk__in=set(ids))
        if hasattr(rows, "with_history"):  # municipalities: their names are dated rows
            rows = rows.with_history()
        return {row.pk: str(row) for row in rows}

    return read


@dataclass
class _RawChange:
    field: models.Field
    old: Any
    new: Any


@dataclass
class _RawEntry:
    record: Any
    action: str
    subject: str
    changes: list[_RawChange]
    before_known: bool = True


def _shown_fields(
    model: type[models.Model], history: type[models.Model], hidden: Iterable[str]
) -> list[models.Field]:
    """The model's editable fields that its history keeps (not its `excluded_fields`)."""
    skip = ALWAYS_HIDDEN | set(hidden)
    kept = {f.name for f in history._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in skip and f.name in kept
    ]


def _value(record, model_field: models.Field):
    return getattr(record, model_field.attname)


def _raw_entries(source: HistorySource) -> list[_RawEntry]:
    records = list(source.records.select_related("history_user").order_by("history_id"))
    if not records:
        return []
    model = records[0].instance_type
    fields = _shown_fields(model, type(records[0]), source.hidden)
    names = [f.name for f in fields]
    by_name = {f.name: f for f in fields}
    pk_name = model._meta.pk.attname
    previous: dict[Any, Any] = {}
    entries = []
    for record in records:
        key = getattr(record, pk_name)
        before = previous.get(key)
        previous[key] = record
        action = ACTIONS[record.history_type]
        subject = source.subject(record) if source.subject else ""
        if action == "deleted":
            changes = []
        elif action == "created" or before is None:
            # The first row of its history (or the first after a bulk write that kept
            # none): what it was set to.
            changes = [
                _RawChange(f, None, _value(record, f))
                for f in fields
                if _value(record, f) not in (None, "")
            ]
        else:
            delta = record.diff_against(before, included_fields=names)
            changes = [
                _RawChange(by_name[change.field], change.old, change.new)
                for change in delta.changes
            ]
            if not changes:
                continue  # saved without a change: nothing to tell
        # The model's field order, not the diff's alphabetical one.
        changes.sort(key=lambda change: names.index(change.field.name))
        known = action != "changed" or before is not None
        entries.append(_RawEntry(record, action, subject, changes, before_known=known))
    return entries


def _read_labels(
    values: Iterable[tuple[models.Field, Iterable[Any]]], labels: dict
) -> dict[type, dict[int, str]]:
    """The names of the related rows `values` point to: one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for model_field, field_values in values:
        related = model_field.related_model
        if model_field.is_relation and isinstance(related, type):
            wanted[related].update(v for v in field_values if v is not None)
    user_model = get_user_model()
    found = {}
    for model, ids in wanted.items():
        if model in labels:
            read = labels[model]
        elif model is user_model:
            read = _user_labels
        else:
            read = _default_labels(model)
        found[model] = read(ids)
    return found


def display(model_field: models.Field, value, *, labels) -> str:
    """A stored value as the staff pages write it (core.display), a related row by its
    label."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return labels.get(model_field.related_model, {}).get(value) or _("deleted row #%(id)s") % {
            "id": value
        }
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return field_text(model_field, value)


def history_entries(
    sources: Iterable[HistorySource],
    *,
    labels: dict[type, LabelReader] | None = None,
) -> list[HistoryEntry]:
    """Every change of the sources' rows, newest first. `labels` reads the names of a
    related model's rows its own way."""
    raw = [entry for source in sources for entry in _raw_entries(source)]
    found = _read_labels(
        ((change.field, (change.old, change.new)) for entry in raw for change in entry.changes),
        labels or {},
    )

    def show(model_field, value) -> str:
        return display(model_field, value, labels=found)

    def old(entry: _RawEntry, change: _RawChange) -> str:
        if entry.action != "changed":
            return ""
        return show(change.field, change.old) if entry.before_known else _("not recorded")

    entries = [
        HistoryEntry(
            at=entry.record.history_date,
            who=user_name(entry.record.history_user),
            action=entry.action,
            subject=entry.subject,
            history_id=entry.record.history_id,
            reason=getattr(entry.record, "history_change_reason", None) or "",
            changes=[
                FieldChange(
                    label=capfirst(str(change.field.verbose_name)),
                    old=old(entry, change),
                    new=show(change.field, change.new),
                )
                for change in entry.changes
            ],
        )
        for entry in raw
    ]
    entries.sort(key=lambda entry: (entry.at, entry.history_id), reverse=True)
    return entries


@dataclass(frozen=True)
class ComparedField:
    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def compare_versions(
    current: models.Model,
    submitted: dict[str, Any],
    *,
    labels: dict[type, LabelReader] | None = None,
) -> list[ComparedField]:
    """The row as stored now beside what a form submitted, field by field (in the order
    of `submitted`, whose keys are the model's field names)."""
    pairs = []
    for name, value in submitted.items():
        model_field = current._meta.get_field(name)
        if not isinstance(model_field, models.Field):  # a form's fields are columns
            raise TypeError(f"{name} is not a column of {type(current).__name__}")
        yours = value.pk if isinstance(value, models.Model) else value
        pairs.append((model_field, getattr(current, model_field.attname), yours))
    found = _read_labels(((f, (theirs, yours)) for f, theirs, yours in pairs), labels or {})
    return [
        ComparedField(
            label=capfirst(str(model_field.verbose_name)),
            theirs=display(model_field, theirs, labels=found),
            yours=display(model_field, yours, labels=found),
        )
        for model_field, theirs, yours in pairs
    ]


def latest_change(records: QuerySet):
    """The newest historical row of `records`, with its author, or None."""
    return records.select_related("history_user").order_by("-history_id").first()

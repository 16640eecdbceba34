"""Writes of an import: the upload, the column mapping, the check (a dry run) and the
import itself.

The check and the import run the same rows through the same code (imports.kinds), each
row in a savepoint of one transaction: a refused row is undone alone. The check then
undoes the whole transaction, so it writes nothing but its outcomes; the import keeps
it, all or nothing: when a row's outcome is not what the check showed (somebody changed
the data meanwhile), nothing is imported and the staff are asked to check again.
"""

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from imports.kinds import KINDS, REFUSED, Outcome, normalise
from imports.models import ColumnMapping, Import
from imports.progress import no_progress
from imports.readers import Sheet, Unreadable, read_sheet
from programmes import page_cache
from programmes.models import Naeringshage


class _Undo(Exception):
    """Leaves the check's transaction, undoing every row."""


def import_upload(*, naeringshage: Naeringshage, kind: str, upload, user) -> Import:
    """Reads the uploaded file's header and rows and keeps it, with the columns guessed
    (the næringshage's last mapping for the kind first, then the usual headers).
    Raises ValidationError with the reason when the file cannot be read."""
    data = upload.read()
    try:
        sheet = read_sheet(data, upload.name, KINDS[kind].sheet_names)
    except Unreadable as error:
        raise ValidationError({"file": str(error)}) from None
    if not sheet.rows:
        raise ValidationError({"file": _("The file has a header row but no rows under it.")})
    item = Import(
        naeringshage=naeringshage,
        kind=kind,
        file_name=upload.name[:255],
        sheet=sheet.name[:100],
        headers=sheet.headers,
        rows=len(sheet.rows),
        mapping=guessed_mapping(naeringshage, kind, sheet.headers),
        created_by=user,
    )
    item.file.save(upload.name, ContentFile(data), save=False)
    item.save()
    return item


def guessed_mapping(naeringshage: Naeringshage, kind: str, headers: list[str]) -> dict:
    remembered = (
        ColumnMapping.objects.filter(naeringshage=naeringshage, kind=kind)
        .values_list("mapping", flat=True)
        .first()
        or {}
    )
    usual = {header: target.key for target in KINDS[kind].targets for header in target.headers}
    usual.update({normalise(str(target.label)): target.key for target in KINDS[kind].targets})
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        key = normalise(header)
        target = remembered.get(key) or usual.get(key)
        if target and target not in taken:
            mapping[str(index)] = target
            taken.add(target)
    return mapping


def import_map(*, item: Import, mapping: dict[str, str]) -> Import:
    """Sets the columns (column index → field), remembered for the næringshage's next
    file of the kind; the earlier check no longer holds."""
    targets = {target.key: target for target in KINDS[item.kind].targets}
    errors = []
    chosen = {column: key for column, key in mapping.items() if key}
    for key, count in Counter(chosen.values()).items():
        if count > 1:
            errors.append(
                _("“%(field)s” is chosen for more than one column.") % {"field": targets[key].label}
            )
    for target in targets.values():
        if target.required and target.key not in chosen.values():
            errors.append(_("Choose the column of “%(field)s”.") % {"field": target.label})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item.mapping = chosen
        item.status = Import.Status.UPLOADED
        item.outcomes, item.counts, item.checked_at = [], {}, None
        item.save()
        ColumnMapping.objects.update_or_create(
            naeringshage=item.naeringshage,
            kind=item.kind,
            defaults={
                "mapping": {
                    normalise(item.headers[int(column)]): key for column, key in chosen.items()
                }
            },
        )
    return item


def sheet_of(item: Import) -> Sheet:
    with item.file.open("rb") as stored:
        return read_sheet(stored.read(), item.file_name, KINDS[item.kind].sheet_names)


def _run(item: Import, user, progress: Callable[[int], None]) -> list[Outcome]:
    """Every row through its kind, each in a savepoint (a refused row undone alone),
    inside the caller's transaction; `progress(rows done)` after each."""
    kind = KINDS[item.kind]
    context = kind.context(item.naeringshage, user)
    columns = {int(column): key for column, key in item.mapping.items()}
    outcomes = []
    for done, (number, cells) in enumerate(sheet_of(item).rows, start=1):
        values = {
            key: cells[column] if column < len(cells) else "" for column, key in columns.items()
        }
        savepoint = transaction.savepoint()
        try:
            outcome = kind.handle(number, values, context)
        except ValidationError as error:
            outcome = Outcome(number, REFUSED, "", " ".join(error.messages))
        if outcome.action == REFUSED:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        outcomes.append(outcome)
        progress(done)
    return outcomes


def _counts(outcomes: list[Outcome]) -> dict[str, int]:
    return dict(Counter(outcome.action for outcome in outcomes))


def import_check(*, item: Import, user, progress: Callable[[int], None] = no_progress) -> Import:
    """The dry run: every row's outcome, nothing written."""
    try:
        with transaction.atomic():
            outcomes = _run(item, user, progress)
            raise _Undo
    except _Undo:
        page_cache.forget_pending()
    item.outcomes = [outcome.as_data() for outcome in outcomes]
    item.counts = _counts(outcomes)
    item.status = Import.Status.CHECKED
    item.checked_at = timezone.now()
    item.rows_done, item.error = len(outcomes), ""
    item.save(update_fields=["outcomes", "counts", "status", "checked_at", "rows_done", "error"])
    return item


def import_queue(*, item: Import, user, commit: bool, language: str) -> Import:
    """Leaves the check (or the import, `commit`) of a long file to the task worker; its
    page shows how far it has come."""
    from imports.tasks import run_import

    expected = Import.Status.CHECKED if commit else Import.Status.UPLOADED
    status = Import.Status.IMPORTING if commit else Import.Status.CHECKING
    with transaction.atomic():
        if not Import.objects.filter(pk=item.pk, status=expected).update(
            status=status, rows_done=0, started_at=timezone.now(), error=""
        ):
            raise ValidationError(_("The file is being checked or imported already."))
        run_import.enqueue(item.pk, user.pk, language)
    item.refresh_from_db()
    return item


def _record_authorship(outcomes: list[Outcome], item: Import, user, since: datetime) -> None:
    """The rows' history names the import (its number and file) and who made it."""
    reason = (_("Import %(number)s: %(file)s") % {"number": item.pk, "file": item.file_name})[:100]
    saved: dict[type, list] = {}
    for outcome in outcomes:
        if outcome.saved is not None and hasattr(type(outcome.saved), "history"):
            saved.setdefault(type(outcome.saved), []).append(outcome.saved.pk)
    for model, pks in saved.items():
        history: type[HistoricalChanges] = model.history.model
        history.objects.filter(id__in=pks, history_date__gte=since).update(
            history_change_reason=reason, history_user=user
        )


def import_commit(*, item: Import, user, progress: Callable[[int], None] = no_progress) -> Import:
    """Imports the rows the check accepted, all or nothing. Raises ValidationError when
    the outcome of a row is not what the check showed."""
    if item.status not in (Import.Status.CHECKED, Import.Status.IMPORTING):
        raise ValidationError(_("Check the file before importing it."))
    checked = {row[0]: row[1] for row in item.outcomes}
    started = timezone.now()
    with transaction.atomic():
        # Taken for this import: a second click, or a second server, finds it taken.
        if not Import.objects.filter(pk=item.pk, status=item.status).update(
            status=Import.Status.IMPORTING
        ):
            raise ValidationError(_("The file was imported already."))
        outcomes = _run(item, user, progress)
        changed = [o.row for o in outcomes if checked.get(o.row) != o.action]
        if changed:
            raise ValidationError(
                _(
                    "Row %(rows)s would now be imported otherwise than the check showed "
                    "(the data changed meanwhile). Nothing was imported: check again."
                )
                % {"rows": ", ".join(str(row) for row in changed[:10])}
            )
        _record_authorship(outcomes, item, user, started)
        item.outcomes = [outcome.as_data() for outcome in outcomes]
        item.counts = _counts(outcomes)
        item.status = Import.Status.IMPORTED
        item.imported_by = user
        item.imported_at = timezone.now()
        item.rows_done, item.error = len(outcomes), ""
        item.save()
    # The file is no longer needed: it may hold personal data.
    item.file.delete(save=False)
    Import.objects.filter(pk=item.pk).update(file="")
    return item


def imports_delete_old_files(*, now: datetime | None = None) -> int:
    """Deletes the uploaded file of every import not imported within
    IMPORT_RETENTION_DAYS (it may hold contact persons' data); the import stays listed,
    and its page asks for the file again. Returns how many files."""
    before = (now or timezone.now()) - timedelta(days=settings.IMPORT_RETENTION_DAYS)
    old = (
        Import.objects.filter(created_at__lt=before)
        .exclude(file="")
        .exclude(status__in=[Import.Status.IMPORTED, *Import.RUNNING])
    )
    deleted = 0
    for item in old.order_by("pk").iterator():
        item.file.delete(save=False)
        Import.objects.filter(pk=item.pk).update(file="")
        deleted += 1
    return deleted

"""The task that makes a prepared file, run by the task worker (`manage.py db_worker`)."""

import logging

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from downloads.makers import PreparedFileError, Progress, maker_for
from downloads.models import PreparedFile

logger = logging.getLogger(__name__)


@task()
def make_prepared_file(prepared_file_id: int) -> str:
    """Make the file with its kind's maker and store it (STORAGES["default"]); on an
    error, mark it failed with the reason in its owner's language. Returns the status."""
    prepared = (
        PreparedFile.objects.select_related("naeringshage").filter(pk=prepared_file_id).first()
    )
    if prepared is None or prepared.status != PreparedFile.Status.QUEUED:
        return "gone" if prepared is None else prepared.status  # deleted, or run already
    PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedFile.Status.RUNNING)
    with translation.override(prepared.language):
        try:
            _make(prepared)
        except Exception as error:
            if isinstance(error, PreparedFileError):
                message = str(error.message)
                logger.warning("Prepared file %s (%s): %s", prepared.pk, prepared.kind, message)
            else:
                message = _(
                    "The file could not be made because of an error on the server. The "
                    "error has been logged; try again, and tell your administrator if it "
                    "happens again."
                )
                logger.exception("Prepared file %s (%s) failed", prepared.pk, prepared.kind)
            PreparedFile.objects.filter(pk=prepared.pk).update(
                status=PreparedFile.Status.FAILED, error=message, finished_at=timezone.now()
            )
            return PreparedFile.Status.FAILED
    return PreparedFile.Status.DONE


def _make(prepared: PreparedFile) -> None:
    maker = maker_for(prepared.kind)
    if maker is None:
        raise PreparedFileError(_("This kind of file can no longer be made."))
    progress = Progress(prepared.pk)
    made = maker.make(prepared.naeringshage, prepared.parameters, progress)
    content = made.content
    stored = ContentFile(content) if isinstance(content, bytes) else File(content)
    try:
        prepared.file.save(made.filename, stored, save=False)
    finally:
        stored.close()
    rows_total = progress.rows_total or progress.written
    PreparedFile.objects.filter(pk=prepared.pk).update(
        status=PreparedFile.Status.DONE,
        file=prepared.file.name,
        filename=made.filename,
        content_type=made.content_type,
        rows_done=rows_total,
        rows_total=rows_total,
        finished_at=timezone.now(),
    )

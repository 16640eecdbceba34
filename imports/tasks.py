"""The import's long work, run by the task worker (`manage.py db_worker`): the check, or
the import, of a file longer than IMPORT_TASK_ROWS rows."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from imports.models import Import

logger = logging.getLogger(__name__)


@task()
def run_import(import_id: int, user_id: int, language: str) -> str:
    """Checks (status "checking") or imports (status "importing") the file; on a
    refusal or an error the import goes back to where it was, with the reason in the
    user's language. Returns its status."""
    from imports import services
    from imports.progress import RowProgress

    item = Import.objects.select_related("naeringshage").filter(pk=import_id).first()
    if item is None or item.status not in Import.RUNNING:
        return "gone" if item is None else item.status
    user = get_user_model().objects.get(pk=user_id)
    checking = item.status == Import.Status.CHECKING
    back = Import.Status.UPLOADED if checking else Import.Status.CHECKED
    with translation.override(language):
        try:
            if checking:
                services.import_check(item=item, user=user, progress=RowProgress(item.pk))
            else:
                services.import_commit(item=item, user=user, progress=RowProgress(item.pk))
        except Exception as error:
            if isinstance(error, ValidationError):
                message = " ".join(error.messages)
            else:
                logger.exception("Import %s failed", item.pk)
                message = _(
                    "The file could not be checked or imported because of an error on the "
                    "server. Nothing was imported. The error has been logged; try again, "
                    "and tell your administrator if it happens again."
                )
            Import.objects.filter(pk=item.pk).update(status=back, error=message)
            return back
    return Import.objects.values_list("status", flat=True).get(pk=item.pk)

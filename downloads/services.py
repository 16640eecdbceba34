"""Writes of prepared files: asking for one (the row and its task, in one
transaction), and deleting those kept past their days."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from downloads.models import PreparedFile
from programmes.models import Naeringshage

logger = logging.getLogger(__name__)


def prepared_file_start(
    *, naeringshage: Naeringshage, requested_by, kind: str, parameters: dict, title: str
) -> PreparedFile:
    """A file of `kind` for `parameters`, made by the task worker: the same user's same
    file still waiting or being made is given again rather than made twice."""
    from downloads.tasks import make_prepared_file  # the task imports the models

    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        waiting = PreparedFile.objects.for_naeringshage(naeringshage).filter(
            requested_by=requested_by,
            kind=kind,
            language=language,
            status__in=(PreparedFile.Status.QUEUED, PreparedFile.Status.RUNNING),
        )
        for prepared in waiting:
            if prepared.parameters == parameters:
                return prepared
        prepared = PreparedFile.objects.create(
            naeringshage=naeringshage,
            requested_by=requested_by,
            kind=kind,
            parameters=parameters,
            language=language,
            title=title[:200],
            expires_at=timezone.now() + timedelta(days=settings.DOWNLOAD_RETENTION_DAYS),
        )
        make_prepared_file.enqueue(prepared.pk)
    return prepared


def prepared_files_delete_expired(*, now: datetime | None = None) -> int:
    """Delete every prepared file whose days are over, its stored file first; returns
    how many. A file the store no longer has is deleted all the same."""
    now = now or timezone.now()
    deleted = 0
    for prepared in PreparedFile.objects.filter(expires_at__lte=now).order_by("pk").iterator():
        if prepared.file:
            try:
                prepared.file.delete(save=False)
            except OSError:
                logger.exception(
                    "Prepared file %s: its stored file could not be deleted", prepared.pk
                )
                continue
        prepared.delete()
        deleted += 1
    return deleted

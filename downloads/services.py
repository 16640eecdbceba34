"""Writes of prepared files: asking for one (the row and its task, in one
transaction), and deleting those kept past their days."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

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


# A file not made within this time was lost with its worker (a restart, a crash).
STALLED_AFTER = timedelta(hours=1)


def prepared_files_fail_stalled(*, now: datetime | None = None) -> int:
    """Mark failed every file still waiting or being made STALLED_AFTER after it was
    asked for, with the reason in its owner's language, so that its page stops waiting;
    returns how many. (Its task, if it ever runs, finds it no longer waiting.)"""
    now = now or timezone.now()
    stalled = PreparedFile.objects.filter(
        status__in=(PreparedFile.Status.QUEUED, PreparedFile.Status.RUNNING),
        created_at__lte=now - STALLED_AFTER,
    )
    failed = 0
    for prepared in stalled.order_by("pk").iterator():
        with translation.override(prepared.language):
            message = str(
                _(
                    "The file was not made within an hour: the server was probably "
                    "restarted while it was waiting or being made. Ask for it again."
                )
            )
        failed += PreparedFile.objects.filter(
            pk=prepared.pk, status__in=(PreparedFile.Status.QUEUED, PreparedFile.Status.RUNNING)
        ).update(status=PreparedFile.Status.FAILED, error=message, finished_at=now)
    return failed

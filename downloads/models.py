"""A prepared file: an export made by the task worker (`downloads.tasks`), kept for a
set number of days, and read only through `downloads.views` after the permission check.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Naeringshage, ScopedQuerySet


class PreparedFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.CASCADE,
        related_name="prepared_files",
        verbose_name=_("næringshage"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="prepared_files",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="nb")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="prepared/%Y/%m/", blank=True, max_length=300)
    error = models.TextField(_("error message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

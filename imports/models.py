"""An import of a spreadsheet, from its upload to its commit, and the column mapping a
næringshage used last for each kind (offered again for the next file)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from imports.kinds import CHOICES
from programmes.models import Naeringshage
from programmes.models.organisation import ScopedQuerySet


class Import(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        IMPORTING = "importing", _("being imported")
        IMPORTED = "imported", _("imported")

    # The task worker is at work on it (a file longer than IMPORT_TASK_ROWS rows).
    RUNNING = (Status.CHECKING, Status.IMPORTING)

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("næringshage"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CHOICES)
    # Kept until it is imported (it may hold contact persons' data), then deleted.
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)  # of a workbook
    headers = models.JSONField(_("headers"), default=list)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # The field each column fills: {"0": "organisation_number", …}; a column left out is
    # not imported.
    mapping = models.JSONField(_("columns"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.UPLOADED)
    # The latest check's (then the import's) outcome of every row, and their counts.
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # While the task worker checks or imports it: the rows done (PostgreSQL shows them
    # as they go; SQLite, which takes one writer at a time, at the end), and when it
    # started; `error` says why the worker could not finish.
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"


class ColumnMapping(models.Model):
    """The columns a næringshage mapped last for a kind: {header: field}, headers as
    imports.kinds.normalise() writes them."""

    naeringshage = models.ForeignKey(
        Naeringshage, on_delete=models.CASCADE, related_name="+", verbose_name=_("næringshage")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CHOICES)
    mapping = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["naeringshage", "kind"], name="imports_one_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.naeringshage} – {self.kind}"

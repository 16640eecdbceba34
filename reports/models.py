"""The manager's commentary on the annual and half-year report: a text for the report as
a whole and for each of its sections, stored while the year is open and frozen in the
closing's snapshot when it is closed."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import validate_multiline
from funding.models.years import year_field
from programmes.models import Naeringshage, ScopedQuerySet

# Half a page of text a section: the report is read, not written, at length.
COMMENTARY_MAX = 4000
# The commentary on the report as a whole, beside each section's (reports.tables).
SUMMARY = "summary"


class Commentary(models.Model):
    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="report_commentary",
        verbose_name=_("næringshage"),
    )
    year = year_field(_("year"))
    # "year", "half-1" or "half-2": the period of the report (reports.snapshots).
    period = models.CharField(_("period"), max_length=10)
    section = models.CharField(_("section"), max_length=40)
    text = models.TextField(
        _("commentary"), validators=[validate_multiline, MaxLengthValidator(COMMENTARY_MAX)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    # The report pages show it (programmes.page_cache).
    page_topics = ("funding",)

    class Meta:
        verbose_name = _("commentary")
        verbose_name_plural = _("commentaries")
        ordering = ["naeringshage", "-year", "period", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "year", "period", "section"],
                name="reports_commentary_one_per_section",
                violation_error_message=_("The section already has a commentary."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naeringshage} {self.year} {self.period}: {self.section}"


class ExportTemplate(models.Model):
    """A file a programme owner (Siva, a county council) asks for, its columns defined
    in the reference data (`ExportColumn`): a new template from Siva is a data change."""

    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("export template")
        verbose_name_plural = _("export templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExportColumn(models.Model):
    """One column of a template's sheet: its heading, the report's figure it holds
    (`table.column` of reports.tables) and how it is written (empty: as the report)."""

    template = models.ForeignKey(
        ExportTemplate,
        on_delete=models.CASCADE,
        related_name="columns",
        verbose_name=_("export template"),
    )
    sheet = models.CharField(_("sheet"), max_length=31)  # Excel's limit for a sheet name
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=100)
    format = models.CharField(_("format"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("export column")
        verbose_name_plural = _("export columns")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"],
                name="reports_exportcolumn_unique_position",
                violation_error_message=_("The template already has a column at this position."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.name}"

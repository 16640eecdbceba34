"""The annual and half-year report as PDF, printed by the task worker (downloads):
a national næringshage's report runs to dozens of pages, too long to hold a web
server's thread."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from downloads.makers import Made, Maker, Progress
from programmes.models import Naeringshage
from reports import exports, snapshots
from reports.pdf import typst_to_pdf
from reports.permissions import can_view_reports
from reports.typst_source import report_source

REPORT_PDF = "report-pdf"
# The steps the progress counts: the report's figures and document, then the printing.
STEPS = 2


def report_parameters(*, year: int, half: int | None) -> dict:
    return {"year": year, "half": half}


def _report_pdf(naeringshage: Naeringshage, parameters: dict, progress: Progress) -> Made:
    progress.total(STEPS)
    period = snapshots.period_tables(
        naeringshage=naeringshage, year=parameters["year"], half=parameters.get("half")
    )
    report = exports.ReportFile(naeringshage.name, period, timezone.now())
    source = report_source(report)
    progress(1)
    content = typst_to_pdf(source)
    progress(STEPS)
    return Made(filename=f"{report.stem}.pdf", content_type="application/pdf", content=content)


def _back(parameters: dict) -> tuple[str, str]:
    query = {"year": parameters["year"]}
    if parameters.get("half"):
        query["half"] = parameters["half"]
    return _("the report"), f"{reverse('reports:annual')}?{urlencode(query)}"


MAKERS = [
    Maker(
        kind=REPORT_PDF,
        permission=can_view_reports,
        unit=lambda steps: ngettext("step", "steps", steps),
        make=_report_pdf,
        back=_back,
    )
]

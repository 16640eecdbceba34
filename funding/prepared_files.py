"""The services list as XLSX, made by the task worker when it is long (downloads)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from downloads.makers import Made, Maker, PreparedFileError, Progress
from funding import exports, selectors
from funding.forms import ServiceFilterForm
from funding.permissions import can_record_services
from programmes.models import Naeringshage

SERVICES_XLSX = "services-xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def service_filters(query, form: ServiceFilterForm) -> dict[str, str]:
    """The filters of a services list's query string that its form knows, to store with
    a prepared file (the page number, the sort and anything else are left out)."""
    return {name: query[name] for name in form.fields if query.get(name)}


def _services_xlsx(naeringshage: Naeringshage, parameters: dict, progress: Progress) -> Made:
    filters = parameters.get("filters", {})
    form = ServiceFilterForm(filters or None, naeringshage=naeringshage)
    if form.is_bound and not form.is_valid():
        raise PreparedFileError(
            _(
                "The list's filters no longer fit the data (a choice in them has been "
                "changed or deleted). Filter the list again and make a new file."
            )
        )
    services = selectors.services_filtered(
        naeringshage=naeringshage, filters=form.filters() if form.is_bound else {}
    )
    progress.total(services.count())
    handle = exports.xlsx_file(services, naeringshage, progress=progress)
    stamp = timezone.localdate().isoformat()
    return Made(filename=f"tjenester-{stamp}.xlsx", content_type=XLSX, content=handle)


def _back(parameters: dict) -> tuple[str, str]:
    url = reverse("funding:service-list")
    filters = parameters.get("filters", {})
    return _("the services list"), f"{url}?{urlencode(filters)}" if filters else url


MAKERS = [
    Maker(
        kind=SERVICES_XLSX,
        permission=can_record_services,
        unit=lambda rows: ngettext("row", "rows", rows),
        make=_services_xlsx,
        back=_back,
    )
]

"""What funding adds to the header's search page (programmes.views.search): services,
found by their number, their company (name or organisation number, as the company
search finds it) or their type. See programmes.extensions."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from funding.models import PricedService
from funding.permissions import can_record_services
from programmes.models import Naeringshage
from programmes.selectors.search import FOUND_PER_KIND, company_search


def found_services(*, naeringshage: Naeringshage, text: str) -> list[PricedService]:
    """The næringshage's services (voided ones too), latest first."""
    companies = company_search(naeringshage=naeringshage, text=text).values("pk")
    condition = Q(company__in=companies) | Q(service_type__name__icontains=text)
    number = text.lstrip("#")
    if number.isdigit() and len(number) < 12:
        condition |= Q(pk=int(number))
    return list(
        PricedService.objects.for_naeringshage(naeringshage)
        .filter(condition)
        .select_related("company", "service_type")
        .order_by("-date", "-pk")[: FOUND_PER_KIND + 1]
    )


# (title, template of one row, function of naeringshage= and text=, who may see them)
GROUPS = [
    (_("Services"), "funding/includes/_found_service.html", found_services, can_record_services)
]

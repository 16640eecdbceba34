"""What funding adds to a company's page: its services with totals, and its state aid
in the window and per calendar year (see `programmes.sections`, which finds this module by name)."""

from django.utils import timezone

from funding.selectors import services_of_company, services_totals, state_aid_of
from funding.selectors.state_aid import aid_per_year
from programmes.models import Company

LATEST_SERVICES = 25


def services_and_state_aid(*, company: Company) -> dict:
    services = services_of_company(company=company)
    return {
        "services": list(services[:LATEST_SERVICES]),
        "totals": services_totals(services.filter(voided_at__isnull=True)),
        "state_aid": state_aid_of(company=company, day=timezone.localdate()),
        "aid_years": aid_per_year(company=company),
        "latest_count": LATEST_SERVICES,
    }


# (template, function of the company returning the template's context), in page order.
SECTIONS = [("funding/includes/_company_services.html", services_and_state_aid)]

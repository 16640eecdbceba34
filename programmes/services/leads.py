"""Leads: the companies newly registered in Enhetsregisteret in the næringshage's region,
offered as a list to pick from, and the picked ones registered as its companies.

The list asks the register's search (by municipality number and registration date,
no more than 10 000 units however paged) for the municipalities of the region today,
programme members and services-only alike. Each unit the list shows carries the
register's answer as a signed value (programmes.services.registry.RegistryAnswer), so
registering the picked ones keeps what the register said, and when, without asking
again; an answer the browser altered is not believed.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality, MunicipalityNumbering
from programmes.models import Company, Naeringshage, RegionMembership
from programmes.organisation_numbers import format_organisation_number
from programmes.registry import SEARCH_LIMIT, Unit, search_new_units
from programmes.services.companies import company_create
from programmes.services.registry import RegistryAnswer

LEADS_PER_PAGE = 50
LAST_PAGE = SEARCH_LIMIT // LEADS_PER_PAGE


@dataclass(frozen=True)
class Lead:
    """A unit the register found, with its municipality here and, when the næringshage
    has it already, its company."""

    answer: RegistryAnswer
    municipality: Municipality | None
    company: Company | None

    @property
    def unit(self) -> Unit:
        return self.answer.unit


@dataclass(frozen=True)
class LeadsPage:
    """A page of leads; pages as Django's Page does, for the pagination links."""

    leads: list[Lead]
    total: int
    pages: int
    number: int  # from 1

    @property
    def paginator(self) -> "LeadsPage":
        return self

    @property
    def num_pages(self) -> int:
        return self.pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def region_municipalities(*, naeringshage: Naeringshage, day: date) -> dict[str, Municipality]:
    """The region's municipalities on `day` by their number that day."""
    members = RegionMembership.objects.for_naeringshage(naeringshage).valid_on(day)
    return _by_number(
        MunicipalityNumbering.objects.valid_on(day).filter(
            municipality__in=members.values("municipality")
        )
    )


def _by_number(numberings) -> dict[str, Municipality]:
    found = numberings.select_related("municipality").prefetch_related(
        "municipality__numberings__county__numberings"
    )
    return {numbering.number: numbering.municipality for numbering in found}


def leads_search(
    *,
    naeringshage: Naeringshage,
    registered_from: date,
    registered_to: date,
    page: int = 1,
) -> LeadsPage:
    """A page of the units registered between the two days in the region, newest
    first. Raises RegistryUnavailable when the register cannot say."""
    municipalities = region_municipalities(naeringshage=naeringshage, day=timezone.localdate())
    if not municipalities:
        return LeadsPage([], 0, 0, 1)
    page = max(1, min(page, LAST_PAGE))
    found = search_new_units(
        sorted(municipalities), registered_from, registered_to,
        page=page - 1, size=LEADS_PER_PAGE,
    )  # fmt: skip
    asked_at = timezone.now()
    numbers = [unit.organisation_number for unit in found.units]
    known = {
        company.organisation_number: company
        for company in Company.objects.for_naeringshage(naeringshage).filter(
            organisation_number__in=numbers
        )
    }
    leads = [
        Lead(RegistryAnswer(unit, asked_at), municipalities.get(unit.municipality_number),
             known.get(unit.organisation_number))
        for unit in found.units
    ]  # fmt: skip
    return LeadsPage(leads, found.total, found.pages, page)


@dataclass
class LeadsRegistered:
    created: list[Company] = field(default_factory=list)
    # (what the unit is, why it was not registered)
    not_registered: list[tuple[str, str]] = field(default_factory=list)


def leads_register(*, naeringshage: Naeringshage, answers: list[str]) -> LeadsRegistered:
    """Registers the picked units (their signed answers) as the næringshage's companies,
    in one transaction; one already registered, or whose municipality is not known here,
    is left out and said why. Raises ValidationError when an answer is altered or too
    old (nothing is registered then)."""
    read = [RegistryAnswer.from_signed(value) for value in answers]
    if any(answer is None for answer in read):
        raise ValidationError(
            _("The list is too old or was altered. Search again, and pick the companies anew.")
        )
    chosen = [answer for answer in read if answer is not None]
    municipalities = _by_number(
        MunicipalityNumbering.objects.valid_on(timezone.localdate()).filter(
            number__in={answer.unit.municipality_number for answer in chosen}
        )
    )
    result = LeadsRegistered()
    with transaction.atomic():
        for answer in chosen:
            unit = answer.unit
            label = f"{unit.name} ({format_organisation_number(unit.organisation_number)})"
            municipality = municipalities.get(unit.municipality_number)
            if municipality is None:
                result.not_registered.append(
                    (label, _("No municipality here has the number %(number)s.")
                     % {"number": unit.municipality_number})
                )  # fmt: skip
                continue
            try:
                company = company_create(
                    naeringshage=naeringshage,
                    organisation_number=unit.organisation_number,
                    name=unit.name,
                    municipality=municipality,
                    address=unit.address,
                    nace_code=unit.nace_code,
                    organisation_form=unit.organisation_form,
                    registered_on=unit.registered_on,
                    founded_on=unit.founded_on,
                    registry_answer=answer,
                )
            except ValidationError as error:
                result.not_registered.append((label, " ".join(error.messages)))
            else:
                result.created.append(company)
    return result

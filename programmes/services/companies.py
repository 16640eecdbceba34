"""Writes of companies, their contact persons, key figures and enrolments.

Each function is one transaction: it validates the row (`full_clean()`, Norwegian
messages keyed by field) and saves it, or raises ValidationError and saves nothing.
Rows that must not clash with their siblings (enrolments, key figures of a year) are
checked while the company's row is locked, so two parallel requests cannot both pass.

An edit (`…_update`) takes `opened_at`, the version its form was opened at: the row is
locked and compared with it first, and a save after somebody else's is refused with
EditConflict (programmes.conflicts). None compares nothing.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from programmes.conflicts import ensure_unchanged, lock_unchanged
from programmes.models import Company, ContactPerson, Enrolment, KeyFigures, Naeringshage
from programmes.services.registry import RegistryAnswer, registry_fields

_M = TypeVar("_M", bound=models.Model)


def _lock(company: Company) -> None:
    """Serialise writes that compare a company's rows with each other."""
    Company.objects.select_for_update().filter(pk=company.pk).first()


def _save(
    instance: _M,
    *,
    lock: Company | None = None,
    edit: bool = False,
    opened_at: datetime | None = None,
) -> _M:
    """Validate and save `instance`, after locking `lock`; an `edit` locks the stored row
    too and refuses when it is not the version `opened_at`."""
    with transaction.atomic():
        if lock is not None:
            _lock(lock)
        if edit:
            lock_unchanged(instance, opened_at)
        instance.full_clean()
        instance.save()
    return instance


# --- Companies --------------------------------------------------------------------------


def _save_company(company: Company, **edit) -> Company:
    try:
        return _save(company, **edit)
    except IntegrityError:
        # Another request registered the same number between our check and our insert.
        raise ValidationError(
            {
                "organisation_number": ValidationError(
                    _("A company with this organisation number is already registered."),
                    code="duplicate_company",
                )
            }
        ) from None


def company_create(
    *,
    naeringshage: Naeringshage,
    organisation_number: str,
    name: str,
    municipality: Municipality,
    address: str = "",
    nace_code: str = "",
    women_in_leadership: str = Company.WomenInLeadership.UNKNOWN,
    organisation_form: str = "",
    registered_on: date | None = None,
    founded_on: date | None = None,
    registry_answer: RegistryAnswer | None = None,
) -> Company:
    """Registers a company with the næringshage; refuses a number already registered.
    `registry_answer`: what Enhetsregisteret said of the number when the form was filled
    from it, kept with the company (its status and when it was asked)."""
    company = Company(
        naeringshage=naeringshage,
        organisation_number=organisation_number,
        name=name,
        municipality=municipality,
        address=address,
        nace_code=nace_code,
        women_in_leadership=women_in_leadership,
        organisation_form=organisation_form,
        registered_on=registered_on,
        founded_on=founded_on,
        **registry_fields(registry_answer, organisation_number),
    )
    return _save_company(company)


def company_update(
    *,
    company: Company,
    organisation_number: str,
    name: str,
    municipality: Municipality,
    address: str,
    nace_code: str,
    women_in_leadership: str,
    organisation_form: str = "",
    registered_on: date | None = None,
    founded_on: date | None = None,
    registry_answer: RegistryAnswer | None = None,
    opened_at: datetime | None = None,
) -> Company:
    company.organisation_number = organisation_number
    company.name = name
    company.municipality = municipality
    company.address = address
    company.nace_code = nace_code
    company.women_in_leadership = women_in_leadership
    company.organisation_form = organisation_form
    company.registered_on = registered_on
    company.founded_on = founded_on
    for field, value in registry_fields(registry_answer, organisation_number).items():
        setattr(company, field, value)
    return _save_company(company, edit=True, opened_at=opened_at)


# --- Contact persons ------------------------------------------------------------------


def contact_person_create(
    *, company: Company, name: str, role: str = "", email: str = "", phone: str = ""
) -> ContactPerson:
    contact = ContactPerson(company=company, name=name, role=role, email=email, phone=phone)
    return _save(contact)


def contact_person_update(
    *,
    contact_person: ContactPerson,
    name: str,
    role: str,
    email: str,
    phone: str,
    opened_at: datetime | None = None,
) -> ContactPerson:
    contact_person.name = name
    contact_person.role = role
    contact_person.email = email
    contact_person.phone = phone
    return _save(contact_person, edit=True, opened_at=opened_at)


def contact_person_delete(
    *, contact_person: ContactPerson, opened_at: datetime | None = None
) -> None:
    """Deletes the person's data for good (it is personal data, not history).

    Refused with EditConflict when somebody changed the person after the question was
    asked (`opened_at`): the one deleted might no longer be the one named. Already
    deleted by somebody else: nothing is left to do."""
    with transaction.atomic():
        stored = (
            ContactPerson.objects.select_for_update()
            .filter(pk=contact_person.pk)
            .order_by("pk")
            .first()
        )
        if stored is None:
            return
        ensure_unchanged(stored, opened_at)
        stored.delete()


# --- Key figures ------------------------------------------------------------------------


def key_figures_create(
    *,
    company: Company,
    year: int,
    source: str = KeyFigures.Source.TYPED,
    **figures: int | Decimal | None,
) -> KeyFigures:
    """Records a company's figures for a year (employees, revenue, operating_result,
    wage_costs, value_creation, annual_result); refuses a second row for the same year.
    Value creation left out is worked out from the operating result and wage costs."""
    key_figures = KeyFigures(company=company, year=year, source=source, **figures)
    return _save(key_figures, lock=company)


def key_figures_update(
    *,
    key_figures: KeyFigures,
    year: int,
    source: str = KeyFigures.Source.TYPED,
    **figures: int | Decimal | None,
) -> KeyFigures:
    """Sets the year's figures as given (the ones left out stay as they were)."""
    key_figures.year = year
    key_figures.source = source
    for name, value in figures.items():
        setattr(key_figures, name, value)
    return _save(key_figures, lock=key_figures.company)


def key_figures_delete(*, key_figures: KeyFigures) -> None:
    with transaction.atomic():
        key_figures.delete()


# --- Enrolments -----------------------------------------------------------------------


def enrolment_create(
    *,
    company: Company,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    goals: str = "",
    contract_reference: str = "",
) -> Enrolment:
    """Takes a company into the programme; refuses a period overlapping another enrolment
    of the company, and an end before the start."""
    enrolment = Enrolment(
        company=company,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        goals=goals,
        contract_reference=contract_reference,
    )
    return _save(enrolment, lock=company)


def enrolment_update(
    *,
    enrolment: Enrolment,
    kind: str,
    start_date: date,
    end_date: date | None,
    goals: str,
    contract_reference: str,
    opened_at: datetime | None = None,
) -> Enrolment:
    enrolment.kind = kind
    enrolment.start_date = start_date
    enrolment.end_date = end_date
    enrolment.goals = goals
    enrolment.contract_reference = contract_reference
    return _save(enrolment, lock=enrolment.company, edit=True, opened_at=opened_at)

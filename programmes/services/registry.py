"""A company and Enhetsregisteret: the look-up that fills the company form from an
organisation number, the answer the form carries to its save, a check of a registered
company's status, and the nightly sync with the register's update feed.

The look-up writes nothing: the form shows what came from the register and the staff
save it (or not). What the register said travels with the form as a signed value
(`RegistryAnswer.signed()`), so the save keeps the register's status and the time it
was asked without asking again, and a value the browser made up is not believed.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADVISER, MANAGER
from municipalities.models import Municipality, MunicipalityNumbering
from programmes import page_cache, registry
from programmes.models import Company, RegistryFeed
from programmes.organisation_numbers import format_organisation_number
from programmes.registry import RegistryUnavailable, Unit, fetch_unit, fetch_units, fetch_updates
from programmes.selectors.users import staff_users

Status = Company.RegistryStatus

logger = logging.getLogger(__name__)

SALT = "programmes.registry-answer"
# A form opened with the register's answer may be saved within this time.
ANSWER_AGE = timedelta(hours=12)


@dataclass(frozen=True)
class RegistryAnswer:
    """What the register said of a number, and when."""

    unit: Unit
    checked_at: datetime

    def signed(self) -> str:
        return signing.dumps(
            {"unit": self.unit.as_data(), "checked_at": self.checked_at.isoformat()}, salt=SALT
        )

    @classmethod
    def from_signed(cls, value: str) -> "RegistryAnswer | None":
        """The answer a form carried; None when it is missing, altered or too old."""
        if not value:
            return None
        try:
            data = signing.loads(value, salt=SALT, max_age=ANSWER_AGE)
            return cls(Unit.from_data(data["unit"]), datetime.fromisoformat(data["checked_at"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class RegistryLookup:
    """A look-up of a typed organisation number: the register's answer and the company
    form's values from it, or the `problem` that kept the form from being filled."""

    typed: str
    answer: RegistryAnswer | None = None
    problem: str = ""
    municipality: Municipality | None = None  # the register's, in today's numbering
    # The register's municipality number when no municipality here has it today.
    unknown_municipality: str = ""
    filled: tuple[str, ...] = field(default=())  # the form fields given a value

    @property
    def unit(self) -> Unit | None:
        return self.answer.unit if self.answer else None

    @property
    def warning(self) -> bool:
        return self.unit is not None and self.unit.status in Company.REGISTRY_WARNINGS

    def initial(self) -> dict:
        """The company form's values from the register (only those it gave)."""
        unit = self.unit
        if unit is None or not unit.found:
            return {}
        values = {
            "organisation_number": format_organisation_number(unit.organisation_number),
            "name": unit.name,
            "organisation_form": unit.organisation_form,
            "nace_code": unit.nace_code,
            "registered_on": unit.registered_on.isoformat() if unit.registered_on else "",
            "founded_on": unit.founded_on.isoformat() if unit.founded_on else "",
            "address": unit.address,
            "municipality": self.municipality.pk if self.municipality else "",
            "registry_answer": self.answer.signed() if self.answer else "",
        }
        return {key: value for key, value in values.items() if value not in ("", None)}


def _number_of(typed: str) -> str:
    """The compact organisation number, checked as the company form checks it."""
    return Company._meta.get_field("organisation_number").formfield().clean(typed)


def _municipality(number: str) -> Municipality | None:
    if not number:
        return None
    numbering = (
        MunicipalityNumbering.objects.valid_on(timezone.localdate())
        .filter(number=number)
        .select_related("municipality")
        .first()
    )
    return numbering.municipality if numbering else None


def company_registry_lookup(*, typed: str) -> RegistryLookup:
    """Asks the register about a typed organisation number. Writes nothing."""
    try:
        number = _number_of(typed)
    except ValidationError as error:
        return RegistryLookup(typed, problem=" ".join(error.messages))
    try:
        unit = fetch_unit(number)
    except RegistryUnavailable as error:
        return RegistryLookup(
            typed,
            problem=_("%(reason)s Fill in the company yourself, or try again later.")
            % {"reason": error.reason},
        )
    answer = RegistryAnswer(unit, timezone.now())
    if not unit.found:
        return RegistryLookup(
            typed,
            answer=answer,
            problem=_(
                "Enhetsregisteret has no unit with the organisation number %(number)s. "
                "Check the number, or fill in the company yourself."
            )
            % {"number": format_organisation_number(number)},
        )
    municipality = _municipality(unit.municipality_number)
    lookup = RegistryLookup(
        typed,
        answer=answer,
        municipality=municipality,
        unknown_municipality="" if municipality else unit.municipality_number,
    )
    filled = tuple(key for key in lookup.initial() if key != "registry_answer")
    return replace(lookup, filled=filled)


def registry_fields(answer: RegistryAnswer | None, organisation_number: str) -> dict:
    """The company's fields from the register's answer its form carried (nothing when
    the answer is about another number: the number was changed after the look-up)."""
    if answer is None or answer.unit.organisation_number != organisation_number:
        return {}
    return {
        "registry_status": answer.unit.status,
        "registry_checked_at": answer.checked_at,
        "registry_data": answer.unit.as_data(),
    }


REGISTRY_FIELDS = ["registry_status", "registry_checked_at", "registry_data"]


def _keep(companies: list[Company], units: dict[str, Unit], checked_at: datetime) -> list[Company]:
    """Keeps the register's answers with the companies (locked first); their own fields
    stay as the staff keep them. Returns those whose status changed: that is a change
    of the company, kept in its history; the rest get only the time of the check and
    the register's details, in one query, which the history does not keep."""
    changed, checked = [], []
    locked = (
        Company.objects.select_for_update(of=("self",))
        .select_related("naeringshage")
        .filter(pk__in=[company.pk for company in companies])
        .order_by("pk")
    )
    for current in locked:
        unit = units.get(current.organisation_number)
        if unit is None:
            continue  # the number was changed meanwhile
        status_changed = current.registry_status != unit.status
        for name, value in registry_fields(RegistryAnswer(unit, checked_at),
                                           current.organisation_number).items():  # fmt: skip
            setattr(current, name, value)
        if status_changed:
            current.save(update_fields=REGISTRY_FIELDS)
            changed.append(current)
        else:
            checked.append(current)
    Company.objects.bulk_update(checked, REGISTRY_FIELDS, batch_size=500)
    page_cache.mark_changed({company.naeringshage_id for company in checked}, Company.page_topics)
    return changed


def company_registry_check(*, company: Company) -> Unit:
    """Asks the register about a registered company now and keeps its answer: the
    status, when, and what else it said. Raises RegistryUnavailable when the register
    cannot say."""
    unit = fetch_unit(company.organisation_number)
    with transaction.atomic():
        _keep([company], {company.organisation_number: unit}, timezone.now())
    company.refresh_from_db()
    return unit


@dataclass
class SyncResult:
    updates: int = 0  # read from the feed
    checked: int = 0  # companies asked about
    changed: list[Company] = field(default_factory=list)  # whose status changed
    last_update_id: int = 0
    mails: int = 0  # e-mails sent of companies flagged


def registry_flags_mail(companies: list[Company]) -> int:
    """E-mails each næringshage's staff (managers and advisers with an address) one
    list of its companies among `companies` that the register now flags (bankrupt,
    being wound up or dissolved, deleted, not there). Returns the e-mails sent; one
    that cannot be sent is logged, not raised."""
    flagged: dict[int, list[Company]] = {}
    for company in companies:
        if company.registry_warning:
            flagged.setdefault(company.naeringshage_id, []).append(company)
    sent = 0
    for companies_of_one in flagged.values():
        naeringshage = companies_of_one[0].naeringshage
        staff = staff_users(naeringshage=naeringshage)
        recipients = [
            user.email
            for user in staff
            if user.email and user.staff_role in (MANAGER, ADVISER)  # type: ignore[attr-defined]
        ]
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "naeringshage": naeringshage.name,
                "companies": [
                    (company.name, company.organisation_number_display, unit.status_text)
                    for company in sorted(companies_of_one, key=lambda c: c.name)
                    if (unit := company.registry_unit) is not None
                ],
            }
            subject = render_to_string("programmes/email/registry_flags_subject.txt", context)
            body = render_to_string("programmes/email/registry_flags_body.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:  # smtplib's errors, a refused or lost connection, a timeout
            logger.exception(
                "The register's flags for næringshage %s were not sent", naeringshage.pk
            )
            continue
        sent += 1
    return sent


def registry_sync(*, since: datetime | None = None, page_size: int = 1000) -> SyncResult:
    """Reads Enhetsregisteret's update feed from where the last sync stopped (the first
    time: from `since`, by default a day ago) and asks the register again about every
    company, of any næringshage, that an update names; each næringshage's staff get one
    e-mail of its companies the register now flags. The feed's position is kept
    after each page, so a sync that stops (the register out of reach) goes on from there
    the next time; a page read twice changes nothing twice. Raises RegistryUnavailable
    when the register cannot be asked."""
    feed, _created = RegistryFeed.objects.get_or_create(pk=1)
    start = since or timezone.now() - timedelta(days=1)
    result = SyncResult(last_update_id=feed.last_update_id)
    try:
        _sync_pages(feed, start, page_size, result)
    finally:
        # The staff hear of every company flagged, even when the sync stopped early.
        result.mails = registry_flags_mail(result.changed)
    return result


def _sync_pages(feed: RegistryFeed, start: datetime, page_size: int, result: SyncResult) -> None:
    with registry.client() as connection:
        while True:
            page = fetch_updates(
                feed.last_update_id, since=start, size=page_size, connection=connection
            )
            if not page.updates:
                break
            numbers = {update.organisation_number for update in page.updates}
            named = list(Company.objects.filter(organisation_number__in=numbers).order_by("pk"))
            units: dict[str, Unit] = {}
            try:
                fetch_units(
                    sorted({company.organisation_number for company in named}),
                    connection=connection,
                    into=units,
                )
            finally:
                # What the register answered is kept, even when it stopped answering.
                with transaction.atomic():
                    result.changed += _keep(named, units, timezone.now())
            result.checked += len(named)
            result.updates += len(page.updates)
            feed.last_update_id = max(update.update_id for update in page.updates)
            feed.synced_at = timezone.now()
            feed.save(update_fields=["last_update_id", "synced_at"])
            result.last_update_id = feed.last_update_id
            if not page.more:
                break

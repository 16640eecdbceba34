"""What an import can bring in, row by row: companies, their contact persons, and
services. Each kind names its fields (the form fields a column can fill, with the
headers that usually mean them) and reads one row through the very form the staff
pages use, then saves it with the same service: an imported row obeys every rule a
typed one does (the organisation number's check digit, the own share, the state aid,
the frame, a closed year), and is refused with the same Norwegian message.

A row's outcome is created, updated, skipped (nothing new: the company as it is, a
service already recorded) or refused (with the fields, hence the cells, at fault).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.forms import ServiceForm
from funding.models import Grant, PricedService
from funding.services import service_record
from municipalities.models import Municipality, MunicipalityNumbering
from programmes import services as programme_services
from programmes.forms.companies import CompanyForm, ContactPersonForm, KeyFiguresForm
from programmes.models import Company, ContactPerson, KeyFigures, Naeringshage, ServiceType
from programmes.organisation_numbers import compact_organisation_number

CREATE, UPDATE, SKIP, REFUSED = "create", "update", "skip", "refused"
ACTIONS = {
    CREATE: gettext_lazy("create"),
    UPDATE: gettext_lazy("update"),
    SKIP: gettext_lazy("skip"),
    REFUSED: gettext_lazy("refused"),
}
# Services imported from one sheet or another are the same service when these agree.
SERVICE_NAMESPACE = uuid.UUID("6f1c8a44-2f0e-4b7e-9a55-3c1d2b7e8f10")


@dataclass(frozen=True)
class Target:
    """A field a column can fill."""

    key: str
    label: object
    required: bool = False
    # Headers that mean this field, as normalise() writes them.
    headers: tuple[str, ...] = ()


@dataclass
class Outcome:
    row: int
    action: str
    label: str = ""  # what the row is about: a company's name, a service
    message: str = ""
    fields: tuple[str, ...] = ()  # the fields at fault (their columns are the cells)
    saved: models.Model | None = None  # not kept: the row saved, for the history

    def as_data(self) -> list:
        return [self.row, self.action, self.label, self.message, list(self.fields)]


def normalise(header: str) -> str:
    """A header as it is compared: lower case, letters and digits, single spaces."""
    kept = "".join(c if c.isalnum() else " " for c in header.lower())
    return " ".join(kept.split())


def _refusal(row: int, label: str, error: ValidationError | dict) -> Outcome:
    """A refusal naming every message, and the fields they are about."""
    by_field = error if isinstance(error, dict) else getattr(error, "message_dict", None)
    if by_field is None:
        return Outcome(row, REFUSED, label, " ".join(error.messages))
    messages, fields = [], []
    for name, texts in by_field.items():
        messages.extend(str(text) for text in texts)
        if name != "__all__":
            fields.append(name)
    return Outcome(row, REFUSED, label, " ".join(messages), tuple(fields))


def _form_errors(row: int, label: str, form) -> Outcome:
    return _refusal(
        row, label, {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    )


@dataclass
class Context:
    """What every row of an import reads: loaded once, not a query a row."""

    naeringshage: Naeringshage
    user: models.Model
    companies: dict[str, Company] = field(default_factory=dict)
    municipalities: dict[str, list[Municipality]] = field(default_factory=dict)
    municipality_rows: dict[str, Municipality] = field(default_factory=dict)  # by pk
    # For services: the choices of the service form, by name.
    service_types: dict[str, ServiceType] = field(default_factory=dict)
    advisers: dict[str, models.Model] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    service_choices: dict[str, dict[str, models.Model]] = field(default_factory=dict)

    @classmethod
    def of(cls, naeringshage: Naeringshage, user) -> "Context":
        context = cls(naeringshage, user)
        context.companies = {
            company.organisation_number: company
            for company in Company.objects.for_naeringshage(naeringshage)
        }
        today = timezone.localdate()
        # The company form's choices, as it reads them (with their numbering's labels).
        choices = CompanyForm().fields["municipality"].queryset
        context.municipality_rows = {str(municipality.pk): municipality for municipality in choices}
        for numbering in MunicipalityNumbering.objects.select_related("municipality"):
            municipality = numbering.municipality
            for text in (numbering.name, municipality.slug):
                known = context.municipalities.setdefault(normalise(text), [])
                if municipality not in known:
                    known.append(municipality)
            if numbering.valid_from <= today and (
                numbering.valid_to is None or today <= numbering.valid_to
            ):
                context.municipalities[numbering.number] = [municipality]
        return context

    def company(self, typed: str) -> Company | None:
        return self.companies.get(compact_organisation_number(typed or ""))

    def municipality(self, typed: str) -> tuple[str, str]:
        """(The municipality's pk as the form takes it, or "" and why not.)"""
        if not typed:
            return "", ""
        found = self.municipalities.get(typed.strip()) or self.municipalities.get(
            normalise(typed), []
        )
        if len(found) == 1:
            return str(found[0].pk), ""
        if found:
            return "", _("More than one municipality is called “%(name)s”: write its number.") % {
                "name": typed
            }
        return "", _("No municipality here is called or numbered “%(name)s”.") % {"name": typed}


class Kind:
    key = ""
    label: object = ""
    targets: tuple[Target, ...] = ()
    # A workbook's sheet of this kind is found by its name (normalise()d).
    sheet_names: tuple[str, ...] = ()

    def context(self, naeringshage: Naeringshage, user) -> Context:
        return Context.of(naeringshage, user)

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        raise NotImplementedError


ORGANISATION_NUMBER_HEADERS = (
    "organisasjonsnummer", "orgnr", "org nr", "orgnummer", "org nummer", "organisation number",
    "organization number", "foretaksnummer",
)  # fmt: skip
YES = {"ja", "j", "yes", "y", "true", "1", "x"}
NO = {"nei", "n", "no", "false", "0"}
UNKNOWN = {"", "ukjent", "vet ikke", "unknown", "?", "-", "–"}


def _women(typed: str) -> str:
    text = typed.strip().lower()
    if text in YES:
        return Company.WomenInLeadership.YES
    if text in NO:
        return Company.WomenInLeadership.NO
    return Company.WomenInLeadership.UNKNOWN if text in UNKNOWN else typed


class Companies(Kind):
    key = "companies"
    label = gettext_lazy("Companies")
    sheet_names = ("bedrifter", "companies", "selskaper", "foretak")
    targets = (
        Target("organisation_number", gettext_lazy("Organisation number"), True,
               ORGANISATION_NUMBER_HEADERS),
        Target("name", gettext_lazy("Name"), True,
               ("navn", "name", "bedrift", "bedriftsnavn", "firma", "firmanavn", "company",
                "company name", "foretaksnavn")),
        Target("municipality", gettext_lazy("Municipality"), True,
               ("kommune", "kommunenummer", "kommunenr", "municipality")),
        Target("address", gettext_lazy("Address"), False,
               ("adresse", "forretningsadresse", "besøksadresse", "address")),
        Target("nace_code", gettext_lazy("NACE code"), False,
               ("næringskode", "naeringskode", "nace", "nace kode", "nace code", "bransjekode")),
        Target("organisation_form", gettext_lazy("Organisation form"), False,
               ("organisasjonsform", "orgform", "selskapsform", "organisation form")),
        Target("registered_on", gettext_lazy("Registered"), False,
               ("registrert", "registreringsdato", "registered")),
        Target("founded_on", gettext_lazy("Founded"), False,
               ("stiftet", "stiftelsesdato", "founded")),
        Target("women_in_leadership", gettext_lazy("Women in leading positions"), False,
               ("kvinner i ledelsen", "kvinnelig leder", "women in leadership",
                "women in leading positions")),
    )  # fmt: skip

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        label = values.get("name", "") or values.get("organisation_number", "")
        municipality, problem = context.municipality(values.get("municipality", ""))
        if problem:
            return Outcome(row, REFUSED, label, problem, ("municipality",))
        typed = dict(values)
        if "municipality" in typed:
            typed["municipality"] = municipality
        if "women_in_leadership" in typed:
            typed["women_in_leadership"] = _women(typed["women_in_leadership"])
        existing = context.company(values.get("organisation_number", ""))
        # The cells given replace the company's values (a new one's defaults); an empty
        # cell keeps one.
        form = CompanyForm(_over(CompanyForm(instance=existing), typed), instance=existing)
        _known(form.fields["municipality"], context.municipality_rows)
        if not form.is_valid():
            return _form_errors(row, label, form)
        data = form.cleaned_data
        data.pop("registry_answer", None)
        try:
            if existing is None:
                company = programme_services.company_create(
                    naeringshage=context.naeringshage, **data
                )
                context.companies[company.organisation_number] = company
                return Outcome(row, CREATE, company.name, saved=company)
            if not form.has_changed():
                return Outcome(row, SKIP, existing.name, _("No change."))
            company = programme_services.company_update(company=existing, **data)
        except ValidationError as error:
            return _refusal(row, label, error)
        return Outcome(row, UPDATE, company.name, _changed(form), saved=company)


def _known(field, rows: dict[str, models.Model]) -> None:
    """The choice field reads its choice among `rows` (read once for every row of the
    file) rather than asking the database each row: the same choices, the same message."""

    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return rows[str(value)]
        except KeyError:
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    field.to_python = to_python


def _over(current, typed: dict[str, str]) -> dict:
    """The form's data: its current values, and over them the cells that are not empty."""
    data = {name: current[name].value() for name in current.fields}
    data.update({key: value for key, value in typed.items() if value != ""})
    data["version"] = ""
    return data


def _changed(form) -> str:
    names = ", ".join(str(form.fields[name].label) for name in form.changed_data)
    return _("Changed: %(fields)s.") % {"fields": names}


class ContactPersons(Kind):
    key = "contacts"
    label = gettext_lazy("Contact persons")
    sheet_names = ("kontaktpersoner", "kontakter", "personer", "contacts", "contact persons")
    targets = (
        Target("organisation_number", gettext_lazy("The company's organisation number"), True,
               ORGANISATION_NUMBER_HEADERS),
        Target("name", gettext_lazy("Name"), True,
               ("navn", "name", "kontaktperson", "kontakt", "contact", "contact person")),
        Target("role", gettext_lazy("Role"), False,
               ("rolle", "stilling", "tittel", "role", "title")),
        Target("email", gettext_lazy("E-mail"), False,
               ("e post", "epost", "e postadresse", "email", "e mail", "mail")),
        Target("phone", gettext_lazy("Phone"), False,
               ("telefon", "tlf", "mobil", "mobiltelefon", "phone", "mobile")),
    )  # fmt: skip

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        label = values.get("name", "")
        company = context.company(values.get("organisation_number", ""))
        if company is None:
            return Outcome(
                row, REFUSED, label,
                _("No company here has the organisation number “%(number)s”: import the "
                  "companies first.") % {"number": values.get("organisation_number", "")},
                ("organisation_number",),
            )  # fmt: skip
        typed = {key: value for key, value in values.items() if key != "organisation_number"}
        email = typed.get("email", "").strip().lower()
        people = ContactPerson.objects.filter(company=company)
        existing = (
            people.filter(email__iexact=email).first()
            if email
            else people.filter(name__iexact=typed.get("name", "").strip()).first()
        )
        label = f"{label} ({company.name})"
        form = ContactPersonForm(
            _over(ContactPersonForm(instance=existing), typed), instance=existing
        )
        if not form.is_valid():
            return _form_errors(row, label, form)
        if existing is None:
            person = programme_services.contact_person_create(company=company, **form.cleaned_data)
            return Outcome(row, CREATE, label, saved=person)
        if not form.has_changed():
            return Outcome(row, SKIP, label, _("No change."))
        programme_services.contact_person_update(contact_person=existing, **form.cleaned_data)
        return Outcome(row, UPDATE, label, _changed(form), saved=existing)


class KeyFiguresOfYears(Kind):
    key = "key_figures"
    label = gettext_lazy("Key figures")
    sheet_names = ("nøkkeltall", "nokkeltall", "key figures", "regnskap")
    targets = (
        Target("organisation_number", gettext_lazy("The company's organisation number"), True,
               ORGANISATION_NUMBER_HEADERS),
        Target("year", gettext_lazy("Year"), True, ("år", "ar", "year", "regnskapsår")),
        Target("employees", gettext_lazy("Employees"), False,
               ("ansatte", "antall ansatte", "employees")),
        Target("revenue", gettext_lazy("Revenue"), False,
               ("omsetning", "driftsinntekter", "inntekter", "revenue")),
        Target("value_creation", gettext_lazy("Value creation"), False,
               ("verdiskaping", "verdiskapning", "value creation")),
    )  # fmt: skip

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        company = context.company(values.get("organisation_number", ""))
        label = " ".join(part for part in (company.name if company else "",
                                           values.get("year", "")) if part)  # fmt: skip
        if company is None:
            return Outcome(
                row, REFUSED, label,
                _("No company here has the organisation number “%(number)s”: import the "
                  "companies first.") % {"number": values.get("organisation_number", "")},
                ("organisation_number",),
            )  # fmt: skip
        typed = {key: value for key, value in values.items() if key != "organisation_number"}
        existing = KeyFigures.objects.filter(
            company=company, year=typed.get("year", "").strip() or None
        ).first() if typed.get("year", "").strip().isdigit() else None  # fmt: skip
        form = KeyFiguresForm(_over(KeyFiguresForm(instance=existing), typed), instance=existing)
        if not form.is_valid():
            return _form_errors(row, label, form)
        data = {name: form.cleaned_data[name] for name in KeyFiguresForm._meta.fields}
        try:
            if existing is None:
                figures = programme_services.key_figures_create(company=company, **data)
                return Outcome(row, CREATE, label, saved=figures)
            if not form.has_changed():
                return Outcome(row, SKIP, label, _("No change."))
            figures = programme_services.key_figures_update(key_figures=existing, **data)
        except ValidationError as error:
            return _refusal(row, label, error)
        return Outcome(row, UPDATE, label, _changed(form), saved=figures)


def _choice(choices: dict[str, object], typed: str) -> str:
    """The pk of the choice named `typed` (case and spacing aside), or ""."""
    found = choices.get(normalise(typed))
    return str(found.pk) if found is not None else ""


MARKET = {"marked", "markedspris", "market", "market price", "ingen"}
SIVA_FRAME = {"siva", "siva ramme", "sivaramme", "ramme", "siva frame", "frame"}


class Services(Kind):
    key = "services"
    label = gettext_lazy("Services")
    sheet_names = ("tjenester", "services")
    targets = (
        Target("date", gettext_lazy("Date"), True, ("dato", "date", "tjenestedato")),
        Target("organisation_number", gettext_lazy("The company's organisation number"), True,
               ORGANISATION_NUMBER_HEADERS),
        Target("service_type", gettext_lazy("Service type"), True,
               ("tjeneste", "tjenestetype", "type", "service", "service type")),
        Target("adviser", gettext_lazy("Adviser (empty: you)"), False,
               ("rådgiver", "radgiver", "adviser", "konsulent", "saksbehandler")),
        Target("hours", gettext_lazy("Hours"), False,
               ("timer", "antall timer", "tid", "hours")),
        Target("hourly_rate", gettext_lazy("Hourly rate"), False,
               ("timepris", "timesats", "sats", "hourly rate", "rate")),
        Target("fixed_price", gettext_lazy("Fixed price"), False,
               ("fastpris", "pris", "beløp", "belop", "fixed price", "price")),
        Target("grant", gettext_lazy("Funding line (empty or “marked”: market price; “Siva”: "
                                     "the year's Siva frame)"), False,
               ("finansiering", "finansieringslinje", "tilskudd", "ramme", "funding line",
                "funding")),
        Target("own_share", gettext_lazy("Own share"), False, ("egenandel", "own share")),
        Target("description", gettext_lazy("Description"), False,
               ("beskrivelse", "merknad", "notat", "kommentar", "description")),
        Target("exception_reason", gettext_lazy("Reason for an own-share exception"), False,
               ("begrunnelse", "unntak", "unntaksbegrunnelse", "exception reason")),
    )  # fmt: skip

    def context(self, naeringshage: Naeringshage, user) -> Context:
        context = super().context(naeringshage, user)
        form = ServiceForm(naeringshage=naeringshage)
        for service_type in form.fields["service_type"].queryset:
            for text in (service_type.name, service_type.slug):
                context.service_types[normalise(text)] = service_type
        for adviser in form.fields["adviser"].queryset:
            for text in (adviser.get_username(), adviser.get_full_name(), adviser.email):
                if text:
                    context.advisers[normalise(text)] = adviser
        context.grants = list(form.fields["grant"].queryset)
        # The form's choices, read once: each row's form finds its choice among them.
        context.service_choices = {
            name: {str(row.pk): row for row in form.fields[name].queryset}
            for name in ("service_type", "adviser", "grant")
        }
        context.service_choices["company"] = {
            str(company.pk): company for company in context.companies.values()
        }
        return context

    def _grant(self, typed: str, day: date | None, context) -> tuple[str, str]:
        text = normalise(typed)
        if not text or text in MARKET:
            return "", ""
        if text in SIVA_FRAME and day is not None:
            frames = [
                grant for grant in context.grants
                if grant.kind == Grant.Kind.SIVA_FRAME and grant.first_year <= day.year
                and day.year <= (grant.last_year or grant.first_year)
            ]  # fmt: skip
            if frames:
                return str(frames[0].pk), ""
            return "", _("No Siva frame is recorded for %(year)s.") % {"year": day.year}
        named = [grant for grant in context.grants if normalise(str(grant)) == text]
        named = named or [grant for grant in context.grants if normalise(grant.title) == text]
        if len(named) == 1:
            return str(named[0].pk), ""
        return "", _("No funding line here is called “%(name)s”.") % {"name": typed}

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        company = context.company(values.get("organisation_number", ""))
        label = " ".join(part for part in (values.get("date", ""), values.get("service_type", ""),
                                           company.name if company else "") if part)  # fmt: skip
        if company is None:
            return Outcome(
                row, REFUSED, label,
                _("No company here has the organisation number “%(number)s”: import the "
                  "companies first.") % {"number": values.get("organisation_number", "")},
                ("organisation_number",),
            )  # fmt: skip
        data = {key: value for key, value in values.items() if key != "organisation_number"}
        data["company"] = str(company.pk)
        data["service_type"] = _choice(context.service_types, values.get("service_type", ""))
        if not data["service_type"] and values.get("service_type"):
            return Outcome(row, REFUSED, label,
                           _("No service type here is called “%(name)s”.")
                           % {"name": values["service_type"]}, ("service_type",))  # fmt: skip
        adviser = values.get("adviser", "")
        data["adviser"] = _choice(context.advisers, adviser) if adviser else str(context.user.pk)
        if not data["adviser"]:
            return Outcome(row, REFUSED, label,
                           _("“%(name)s” is not an adviser of this næringshage.")
                           % {"name": adviser}, ("adviser",))  # fmt: skip
        day_form = ServiceForm.base_fields["date"]
        try:
            day = day_form.clean(values.get("date", ""))
        except ValidationError:
            day = None
        data["grant"], problem = self._grant(values.get("grant", ""), day, context)
        if problem:
            return Outcome(row, REFUSED, label, problem, ("grant",))
        # The same service, from this sheet or another: recorded once.
        key = "|".join([str(context.naeringshage.pk), data["company"]] + [
            values.get(name, "").strip().lower()
            for name in ("date", "service_type", "hours", "hourly_rate", "fixed_price",
                         "description")
        ])  # fmt: skip
        submission_id = uuid.uuid5(SERVICE_NAMESPACE, key)
        if PricedService.objects.filter(
            naeringshage=context.naeringshage, submission_id=submission_id
        ).exists():
            return Outcome(row, SKIP, label, _("Already recorded (by an earlier import)."))
        data["submission_id"] = str(submission_id)
        data.setdefault("version", "")
        form = ServiceForm(data, naeringshage=context.naeringshage)
        for name, rows in context.service_choices.items():
            _known(form.fields[name], rows)
        if not form.is_valid():
            return _form_errors(row, label, form)
        try:
            service = service_record(
                draft=form.draft(), recorded_by=context.user, submission_id=submission_id
            )
        except ValidationError as error:
            return _refusal(row, label, error)
        return Outcome(row, CREATE, str(service), saved=service)


KINDS: dict[str, Kind] = {
    kind.key: kind for kind in (Companies(), ContactPersons(), KeyFiguresOfYears(), Services())
}
CHOICES: list[tuple[str, object]] = [(kind.key, kind.label) for kind in KINDS.values()]

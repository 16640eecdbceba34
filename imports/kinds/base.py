"""What the kinds of import share: a field a column fills, a row's outcome, what every
row reads once (the Context), and the helpers that read a row through a staff form.
Each kind reads one row through the very form the staff pages use, then saves it with
the same service: an imported row obeys every rule a typed one does (the organisation
number's check digit, the own share, the state aid, the frame, a closed year), and is
refused with the same Norwegian message.

A row's outcome is created, updated, skipped (nothing new: the company as it is, a
service already recorded) or refused (with the fields, hence the cells, at fault).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.models import Grant
from municipalities.models import Municipality, MunicipalityNumbering
from programmes.forms.companies import CompanyForm
from programmes.models import Company, Naeringshage, ServiceType
from programmes.organisation_numbers import compact_organisation_number

CREATE, UPDATE, SKIP, REFUSED = "create", "update", "skip", "refused"
ACTIONS = {
    CREATE: gettext_lazy("create"),
    UPDATE: gettext_lazy("update"),
    SKIP: gettext_lazy("skip"),
    REFUSED: gettext_lazy("refused"),
}


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


def refusal(row: int, label: str, error: ValidationError | dict) -> Outcome:
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


def form_refusal(row: int, label: str, form) -> Outcome:
    return refusal(
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


def known_choices(field, rows: dict[str, models.Model]) -> None:
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


def form_data(current, typed: dict[str, str]) -> dict:
    """The form's data: its current values, and over them the cells that are not empty."""
    data = {name: current[name].value() for name in current.fields}
    data.update({key: value for key, value in typed.items() if value != ""})
    data["version"] = ""
    return data


def changed_fields(form) -> str:
    names = ", ".join(str(form.fields[name].label) for name in form.changed_data)
    return _("Changed: %(fields)s.") % {"fields": names}


def unknown_company(row: int, label: str, values: dict[str, str]) -> Outcome:
    """A row about a company the næringshage does not have."""
    return Outcome(
        row,
        REFUSED,
        label,
        _("No company here has the organisation number “%(number)s”: import the companies first.")
        % {"number": values.get("organisation_number", "")},
        ("organisation_number",),
    )

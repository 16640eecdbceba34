"""Companies, their contact persons and their key figures, as an import reads them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.kinds.base import (
    CREATE,
    ORGANISATION_NUMBER_HEADERS,
    REFUSED,
    SKIP,
    UPDATE,
    Context,
    Kind,
    Outcome,
    Target,
    changed_fields,
    form_data,
    form_refusal,
    known_choices,
    refusal,
    unknown_company,
)
from programmes import services as programme_services
from programmes.forms.companies import CompanyForm, ContactPersonForm, KeyFiguresForm
from programmes.models import Company, ContactPerson, KeyFigures

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
        form = CompanyForm(form_data(CompanyForm(instance=existing), typed), instance=existing)
        known_choices(form.fields["municipality"], context.municipality_rows)
        if not form.is_valid():
            return form_refusal(row, label, form)
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
            return refusal(row, label, error)
        return Outcome(row, UPDATE, company.name, changed_fields(form), saved=company)


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
            return unknown_company(row, label, values)
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
            form_data(ContactPersonForm(instance=existing), typed), instance=existing
        )
        if not form.is_valid():
            return form_refusal(row, label, form)
        if existing is None:
            person = programme_services.contact_person_create(company=company, **form.cleaned_data)
            return Outcome(row, CREATE, label, saved=person)
        if not form.has_changed():
            return Outcome(row, SKIP, label, _("No change."))
        programme_services.contact_person_update(contact_person=existing, **form.cleaned_data)
        return Outcome(row, UPDATE, label, changed_fields(form), saved=existing)


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
        Target("operating_result", gettext_lazy("Operating result"), False,
               ("driftsresultat", "operating result")),
        Target("wage_costs", gettext_lazy("Wage costs"), False,
               ("lønnskostnader", "lønnskostnad", "lonnskostnader", "wage costs")),
        Target("value_creation", gettext_lazy("Value creation"), False,
               ("verdiskaping", "verdiskapning", "value creation")),
        Target("annual_result", gettext_lazy("Annual result"), False,
               ("årsresultat", "arsresultat", "annual result")),
    )  # fmt: skip

    def handle(self, row: int, values: dict[str, str], context: Context) -> Outcome:
        company = context.company(values.get("organisation_number", ""))
        label = " ".join(part for part in (company.name if company else "",
                                           values.get("year", "")) if part)  # fmt: skip
        if company is None:
            return unknown_company(row, label, values)
        typed = {key: value for key, value in values.items() if key != "organisation_number"}
        existing = KeyFigures.objects.filter(
            company=company, year=typed.get("year", "").strip() or None
        ).first() if typed.get("year", "").strip().isdigit() else None  # fmt: skip
        form = KeyFiguresForm(
            form_data(KeyFiguresForm(instance=existing), typed), instance=existing
        )
        if not form.is_valid():
            return form_refusal(row, label, form)
        data = {name: form.cleaned_data[name] for name in KeyFiguresForm._meta.fields}
        data["source"] = KeyFigures.Source.IMPORTED
        try:
            if existing is None:
                figures = programme_services.key_figures_create(company=company, **data)
                return Outcome(row, CREATE, label, saved=figures)
            if not form.has_changed():
                return Outcome(row, SKIP, label, _("No change."))
            figures = programme_services.key_figures_update(key_figures=existing, **data)
        except ValidationError as error:
            return refusal(row, label, error)
        return Outcome(row, UPDATE, label, changed_fields(form), saved=figures)

"""Services, as an import reads them: through the service form and the central
transaction (funding.services.service_record)."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.forms import ServiceForm
from funding.models import Grant, PricedService
from funding.services import service_record
from imports.kinds.base import (
    CREATE,
    ORGANISATION_NUMBER_HEADERS,
    REFUSED,
    SKIP,
    Context,
    Kind,
    Outcome,
    Target,
    form_refusal,
    known_choices,
    normalise,
    refusal,
    unknown_company,
)
from programmes.models import Naeringshage

# Services imported from one sheet or another are the same service when their cells
# agree: their submission id is made from them in this namespace.
SERVICE_NAMESPACE = uuid.UUID("6f1c8a44-2f0e-4b7e-9a55-3c1d2b7e8f10")


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
            return unknown_company(row, label, values)
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
            known_choices(form.fields[name], rows)
        if not form.is_valid():
            return form_refusal(row, label, form)
        try:
            service = service_record(
                draft=form.draft(), recorded_by=context.user, submission_id=submission_id
            )
        except ValidationError as error:
            return refusal(row, label, error)
        return Outcome(row, CREATE, str(service), saved=service)

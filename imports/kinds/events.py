"""Event participants, as an import reads them: a row names its event (by title and
date) and one person who took part.

The event is found among the næringshage's events by its title (case and spacing
aside) and the day it starts; when there is none, the row creates it through the event
form and programmes.services.event_create, and the rows after it add to the same event.
The person goes through the participant form and participant_add; one already on the
event (participant_add's rule: the same name with the same e-mail, or from the same
company) is skipped.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import date_field
from imports.kinds.base import (
    CREATE,
    ORGANISATION_NUMBER_HEADERS,
    REFUSED,
    SKIP,
    Context,
    Kind,
    Outcome,
    Target,
    known_choices,
    normalise,
    refusal,
    unknown_company,
)
from programmes.forms.events import EventForm, ParticipantForm
from programmes.models import Event, Naeringshage, Participant
from programmes.models.events import normalised_name
from programmes.services import event_create, participant_add

# The cell a form's field is read from (the others have the field's own name).
CELLS = {
    "title": "event_title",
    "starts_at": "event_date",
    "kind": "event_kind",
    "company": "organisation_number",
}

DAY = date_field(gettext_lazy("Event date"))
DAY.error_messages["required"] = gettext_lazy("Enter when the event starts.")
# A cell with a time as well ("10.03.2016 09:00", as an XLSX date and time is read).
MOMENT = EventForm.base_fields["starts_at"]

# A person already on an event: (name as compared, e-mail as compared, company's pk).
Person = tuple[str, str, int | None]


@dataclass
class EventContext(Context):
    # The næringshage's events by (title as compared, the day they start).
    events: dict[tuple[str, date], list[Event]] = field(default_factory=dict)
    # The people on an event, by its pk: read when a row first names the event.
    participants: dict[int, list[Person]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # a kind's label or value → value
    # The choices of the forms, read once: each row's form finds its choice among them.
    responsible_rows: dict[str, models.Model] = field(default_factory=dict)
    company_rows: dict[str, models.Model] = field(default_factory=dict)


def _start(typed: str) -> tuple[datetime | None, str]:
    """When the event starts (a date alone: at midnight), or None and why not."""
    try:
        return timezone.make_aware(datetime.combine(DAY.clean(typed), time())), ""
    except ValidationError as error:
        try:
            return MOMENT.clean(typed), ""
        except ValidationError:
            return None, " ".join(error.messages)


def _at_fault(error: ValidationError | dict) -> ValidationError | dict:
    """A form's or a service's refusal, by the cells it is about."""
    by_field = error if isinstance(error, dict) else getattr(error, "message_dict", None)
    if by_field is None:
        return error
    return {CELLS.get(name, name): texts for name, texts in by_field.items()}


def _form_errors(form) -> dict:
    return _at_fault({name: [str(e) for e in errors] for name, errors in form.errors.items()})


def _person(participant: Participant) -> Person:
    return (normalised_name(participant.name), participant.email.casefold(),
            participant.company_id)  # fmt: skip


def _registered(people: list[Person], person: Person) -> bool:
    """participant_add's rule: the same name with the same e-mail, or from the same
    company (a bare name may come twice)."""
    name, email, company = person
    return any(
        other_name == name
        and ((email and other_email == email) or (company is not None and other_company == company))
        for other_name, other_email, other_company in people
    )


class Participants(Kind):
    key = "participants"
    label = gettext_lazy("Event participants")
    sheet_names = ("deltakere", "deltagere", "participants", "arrangementer")
    targets = (
        Target("event_title", gettext_lazy("Event title"), True,
               ("arrangement", "tittel", "arrangementstittel", "arrangementsnavn",
                "navn på arrangement", "event", "event title", "title")),
        Target("event_date", gettext_lazy("Event date"), True,
               ("dato", "arrangementsdato", "startdato", "starter", "date", "event date",
                "starts")),
        Target("event_kind", gettext_lazy("Kind of event (empty: other)"), False,
               ("type", "arrangementstype", "type arrangement", "kind", "event kind",
                "kind of event")),
        Target("municipality", gettext_lazy("The event's municipality"), False,
               ("kommune", "kommunenummer", "kommunenr", "municipality")),
        Target("name", gettext_lazy("Participant's name"), True,
               ("navn", "deltaker", "deltager", "deltakernavn", "deltagernavn",
                "deltakers navn", "name", "participant", "participant name")),
        Target("email", gettext_lazy("E-mail"), False,
               ("e post", "epost", "e postadresse", "email", "e mail", "mail")),
        Target("organisation_number", gettext_lazy("The company's organisation number"), False,
               ORGANISATION_NUMBER_HEADERS),
    )  # fmt: skip

    def context(self, naeringshage: Naeringshage, user) -> EventContext:
        context = EventContext.of(naeringshage, user)
        for event in Event.objects.for_naeringshage(naeringshage).order_by("pk"):
            key = (normalised_name(event.title), timezone.localdate(event.starts_at))
            context.events.setdefault(key, []).append(event)
        for value, label in Event.Kind.choices:
            for text in (value, str(label)):
                context.kinds[normalise(text)] = value
        # The municipalities are the company form's (context.municipality_rows): the same.
        advisers = EventForm(naeringshage=naeringshage).fields["responsible"].queryset
        context.responsible_rows = {str(adviser.pk): adviser for adviser in advisers}
        context.company_rows = {str(company.pk): company for company in context.companies.values()}
        return context

    def handle(self, row: int, values: dict[str, str], context: EventContext) -> Outcome:
        title, name = values.get("event_title", ""), values.get("name", "")
        label = f"{title} {values.get('event_date', '')}: {name}"
        starts_at, problem = _start(values.get("event_date", ""))
        if starts_at is None:
            return Outcome(row, REFUSED, label, problem, ("event_date",))
        company = None
        if values.get("organisation_number", "").strip():
            company = context.company(values["organisation_number"])
            if company is None:
                return unknown_company(row, label, values)
        form = ParticipantForm(
            {"name": name, "email": values.get("email", ""),
             "company": str(company.pk) if company else ""},
            naeringshage=context.naeringshage,
        )  # fmt: skip
        known_choices(form.fields["company"], context.company_rows)
        if not form.is_valid():
            return refusal(row, label, _form_errors(form))
        person = form.cleaned_data
        key = (normalised_name(title), timezone.localdate(starts_at))
        found = context.events.get(key, [])
        if len(found) > 1:
            return Outcome(row, REFUSED, label,
                           _("More than one event here is called “%(title)s” on %(date)s: add "
                             "the participant on the event's page.")
                           % {"title": title, "date": f"{key[1]:%d.%m.%Y}"},
                           ("event_title", "event_date"))  # fmt: skip
        message = ""
        if found:
            event = found[0]
            if event.pk not in context.participants:
                context.participants[event.pk] = [
                    _person(participant) for participant in Participant.objects.filter(event=event)
                ]
            people = context.participants[event.pk]
            if _registered(people, (normalised_name(person["name"]), person["email"].casefold(),
                                    company.pk if company else None)):  # fmt: skip
                return Outcome(row, SKIP, label, _("Already a participant of the event."))
        else:
            created = self._event(row, label, values, starts_at, context)
            if isinstance(created, Outcome):
                return created
            event, people, message = created, [], _("New event.")
        try:
            participant = participant_add(event=event, **person)
        except ValidationError as error:
            # The row is undone, a new event with it: the next row naming it creates it.
            return refusal(row, label, _at_fault(error))
        if not found:
            context.events[key] = [event]
            context.participants[event.pk] = people
        people.append(_person(participant))
        return Outcome(row, CREATE, label, message, saved=participant)

    def _event(self, row, label, values, starts_at, context: EventContext) -> Event | Outcome:
        """A new event, through the event form and its service; the importer is its
        responsible adviser."""
        typed_kind = values.get("event_kind", "")
        kind = context.kinds.get(normalise(typed_kind)) if typed_kind else Event.Kind.OTHER
        if kind is None:
            kinds = ", ".join(str(text) for _value, text in Event.Kind.choices)
            return Outcome(row, REFUSED, label,
                           _("No kind of event is called “%(name)s”. The kinds are: %(kinds)s.")
                           % {"name": typed_kind, "kinds": kinds}, ("event_kind",))  # fmt: skip
        municipality, problem = context.municipality(values.get("municipality", ""))
        if problem:
            return Outcome(row, REFUSED, label, problem, ("municipality",))
        data = {
            "title": values.get("event_title", ""),
            "kind": kind,
            "starts_at": f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}",
            "municipality": municipality,
            "responsible": str(context.user.pk),
            "version": "",
        }
        form = EventForm(data, naeringshage=context.naeringshage)
        known_choices(form.fields["municipality"], context.municipality_rows)
        known_choices(form.fields["responsible"], context.responsible_rows)
        if not form.is_valid():
            return refusal(row, label, _form_errors(form))
        try:
            return event_create(naeringshage=context.naeringshage, **form.cleaned_data)
        except ValidationError as error:
            return refusal(row, label, _at_fault(error))

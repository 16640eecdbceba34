"""Who receives Siva's yearly satisfaction survey: the leader of each target company
(målbedrift) of the næringshage on a day, and the target companies the staff must
follow up because no leader's e-mail is registered."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Company, ContactPerson, Enrolment, Naeringshage
from programmes.selectors.companies import MUNICIPALITY_LABELS, enrolments_of

# A contact person's role is free text ("daglig leder", "Daglig leder og eier",
# "CEO"): these words, anywhere in it, make the person the company's leader.
LEADER_ROLE = re.compile(
    r"\b(daglig leder|dagleg leiar|general manager|managing director|"
    r"administrerende direktør|adm\.? ?dir\b|ceo)\b",
    re.IGNORECASE,
)

NO_CONTACT = "no-contact"
NO_EMAIL = "no-email"
REASONS = {
    NO_CONTACT: _("No contact person is registered."),
    NO_EMAIL: _("The contact person has no e-mail."),
}


def is_leader_role(role: str) -> bool:
    return LEADER_ROLE.search(role) is not None


def leader_of(contacts: list[ContactPerson]) -> ContactPerson | None:
    """The company's leader among its contact persons (in the company page's order, by
    name): the first whose role names the general manager (daglig leder), even one
    without an e-mail, for the staff to ask for it; without such a role, the first with
    an e-mail, else the first of all. None for a company without contact persons."""
    leaders = [person for person in contacts if is_leader_role(person.role)]
    if leaders:
        return leaders[0]
    with_email = [person for person in contacts if person.email]
    candidates = with_email or contacts
    return candidates[0] if candidates else None


@dataclass(frozen=True)
class SurveyRow:
    """A target company with its leader (None: no contact person). `reason` is empty
    when the leader has an e-mail, else NO_CONTACT or NO_EMAIL."""

    company: Company
    enrolment: Enrolment
    leader: ContactPerson | None
    reason: str = ""

    @property
    def leader_name(self) -> str:
        return self.leader.name if self.leader else ""

    @property
    def email(self) -> str:
        return self.leader.email if self.leader else ""

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason]) if self.reason else ""


@dataclass(frozen=True)
class SurveyContacts:
    day: date
    contacts: list[SurveyRow] = field(default_factory=list)  # with a leader's e-mail
    missing: list[SurveyRow] = field(default_factory=list)  # to follow up


def survey_contacts(*, naeringshage: Naeringshage, day: date | None = None) -> SurveyContacts:
    """The næringshage's target companies whose enrolment is current on `day` (default:
    today in Oslo), by name, each with its leader (`leader_of`): those whose leader has
    an e-mail, and those missing one (no contact person, or a leader without an e-mail).
    Five queries, whatever the number of companies."""
    day = day or timezone.localdate()
    enrolments = (
        enrolments_of(naeringshage=naeringshage)
        .active_on(day)
        .of_kind(Enrolment.Kind.TARGET)
        .prefetch_related(
            Prefetch(
                "company__contact_persons", queryset=ContactPerson.objects.order_by("name", "pk")
            ),
            f"company__{MUNICIPALITY_LABELS}",
        )
        .order_by("company__name", "company__pk")
    )
    result = SurveyContacts(day=day)
    for enrolment in enrolments:
        company = enrolment.company
        leader = leader_of(list(company.contact_persons.all()))
        if leader is None:
            result.missing.append(SurveyRow(company, enrolment, None, NO_CONTACT))
        elif not leader.email:
            result.missing.append(SurveyRow(company, enrolment, leader, NO_EMAIL))
        else:
            result.contacts.append(SurveyRow(company, enrolment, leader))
    return result

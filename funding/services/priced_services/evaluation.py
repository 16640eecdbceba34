"""Pricing a service and checking it against every rule, without writing.

The server computes the price and the subsidy from what the adviser gave and checks,
in this order:

1. the own-share minimum in force on the date for the grant's kind (25 % on Siva's
   frame), or a lower one in an open exception period when a reason is given;
2. the company's state aid: its subsidies in the rule's window up to the date, in
   euros at each service's own date's rate, may not pass the cap;
3. what is left of the grant for the service's year.

A refusal is a ValidationError keyed by the form field it concerns, naming the rule
and the numbers.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.money import ZERO, format_nok, format_percent, round_nok
from funding.models import (
    EurRate,
    Grant,
    GrantAllocation,
    OwnShareException,
    OwnShareRule,
    PricedService,
    StateAidRule,
)
from programmes.models import Company, Naeringshage, ServiceType, StaffMembership

MAX_HOURS_A_DAY = Decimal("24")


@dataclass(frozen=True)
class ServiceDraft:
    """What the adviser typed, before the server has priced and checked it."""

    naeringshage: Naeringshage
    company: Company
    adviser: User
    service_type: ServiceType
    date: date
    own_share: Decimal | None
    grant: Grant | None = None
    hours: Decimal | None = None
    hourly_rate: Decimal | None = None
    fixed_price: Decimal | None = None
    description: str = ""
    exception_reason: str = ""
    # The subsidy the adviser expects (say, from an invoice): refused if it differs.
    expected_subsidy: Decimal | None = None


@dataclass
class ServiceEvaluation:
    """The priced draft and the room it leaves, or the reasons it is refused."""

    price: Decimal | None = None
    own_share: Decimal | None = None
    subsidy: Decimal | None = None
    minimum_share: Decimal | None = None
    exception: OwnShareException | None = None
    grant_left_before: Decimal | None = None
    nok_per_eur: Decimal | None = None
    subsidy_eur: Decimal = ZERO
    state_aid_rule: StateAidRule | None = None
    state_aid_used_eur: Decimal | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def grant_left_after(self) -> Decimal | None:
        if self.grant_left_before is None or self.subsidy is None:
            return None
        return self.grant_left_before - self.subsidy

    @property
    def state_aid_left_eur(self) -> Decimal | None:
        if self.state_aid_rule is None or self.state_aid_used_eur is None:
            return None
        return self.state_aid_rule.cap_eur - self.state_aid_used_eur

    def refuse(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    def raise_if_refused(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _price(draft: ServiceDraft, evaluation: ServiceEvaluation) -> None:
    if draft.hours is not None and not (ZERO < draft.hours <= MAX_HOURS_A_DAY):
        evaluation.refuse(
            "hours",
            _("Hours must be more than 0 and at most %(max)s on one day; you gave %(hours)s.")
            % {"max": MAX_HOURS_A_DAY, "hours": format(draft.hours.normalize(), "f")},
        )
        return
    if draft.fixed_price is not None:
        if draft.hourly_rate is not None:
            evaluation.refuse("fixed_price", _("Give an hourly rate or a fixed price, not both."))
            return
        if draft.fixed_price < 0:
            evaluation.refuse("fixed_price", _("The price cannot be negative."))
            return
        evaluation.price = round_nok(draft.fixed_price)
    elif draft.hours is not None and draft.hourly_rate is not None:
        if draft.hourly_rate < 0:
            evaluation.refuse("hourly_rate", _("The hourly rate cannot be negative."))
            return
        evaluation.price = round_nok(draft.hours * draft.hourly_rate)
    else:
        evaluation.refuse("hours", _("Give the hours and an hourly rate, or a fixed price."))


def _own_share(draft: ServiceDraft, evaluation: ServiceEvaluation, *, price: Decimal) -> None:
    if draft.grant is None:
        # Market price: the company pays it all and nothing is drawn on a grant.
        evaluation.own_share = price
        if draft.own_share is not None and draft.own_share != price:
            evaluation.refuse(
                "own_share",
                _("At market price the company pays the whole price, %(price)s.")
                % {"price": format_nok(price)},
            )
        return
    if draft.own_share is None:
        evaluation.refuse("own_share", _("Give the company's own share in kroner."))
        return
    own_share = round_nok(draft.own_share)
    if own_share < 0 or own_share > price:
        evaluation.refuse(
            "own_share",
            _("The own share must be between 0 kr and the price, %(price)s.")
            % {"price": format_nok(price)},
        )
        return
    evaluation.own_share = own_share
    kind = draft.grant.kind
    rule = OwnShareRule.objects.valid_on(draft.date).filter(grant_kind=kind).first()
    exception = OwnShareException.objects.valid_on(draft.date).filter(grant_kind=kind).first()
    minimum = rule.minimum_share if rule else ZERO
    if draft.exception_reason.strip():
        if exception is None:
            evaluation.refuse(
                "exception_reason",
                _("No exception period is open on %(date)s; the normal own share applies.")
                % {"date": draft.date.strftime("%d.%m.%Y")},
            )
            return
        evaluation.exception = exception
        minimum = min(minimum, exception.minimum_share)
    evaluation.minimum_share = minimum
    required = round_nok(price * minimum)
    if own_share < required:
        message = _(
            "The own share must be at least %(minimum)s, you gave %(given)s "
            "(%(own_share)s of %(price)s; at least %(required)s)."
        ) % {
            "minimum": format_percent(minimum),
            "given": format_percent(own_share / price) if price else "0 %",
            "own_share": format_nok(own_share),
            "price": format_nok(price),
            "required": format_nok(required),
        }
        if exception is not None and evaluation.exception is None:
            message += " " + _(
                "The exception period %(name)s is open: give a reason to use its lower minimum."
            ) % {"name": exception.name}
        evaluation.refuse("own_share", message)


def _grant_room(
    draft: ServiceDraft,
    evaluation: ServiceEvaluation,
    exclude_pk: int | None,
    *,
    grant: Grant,
    subsidy: Decimal,
) -> None:
    year = draft.date.year
    allocation = GrantAllocation.objects.filter(grant=grant, year=year).first()
    if allocation is None:
        evaluation.refuse(
            "date",
            _("The service is dated %(year)s, but %(grant)s is for %(years)s.")
            % {"year": year, "grant": grant, "years": grant.years},
        )
        return
    drawn = (
        PricedService.objects.counted()
        .filter(grant=grant, date__year=year)
        .exclude(pk=exclude_pk)
        .aggregate(total=Coalesce(Sum("subsidy"), ZERO))["total"]
    )
    evaluation.grant_left_before = allocation.amount - drawn
    if subsidy > evaluation.grant_left_before:
        numbers = {
            "left": format_nok(max(evaluation.grant_left_before, ZERO)),
            "grant": grant,
            "year": year,
            "subsidy": format_nok(subsidy),
        }
        if grant.kind == Grant.Kind.SIVA_FRAME:
            message = _(
                "Only %(left)s left of the Siva frame for %(year)s; this service would "
                "draw %(subsidy)s."
            )
        else:
            message = _(
                "Only %(left)s left of %(grant)s for %(year)s; this service would draw %(subsidy)s."
            )
        evaluation.refuse("grant", message % numbers)


def _state_aid(
    draft: ServiceDraft, evaluation: ServiceEvaluation, exclude_pk: int | None, *, subsidy: Decimal
) -> None:
    if subsidy == 0:
        return
    rate = EurRate.objects.on(draft.date)
    if rate is None:
        evaluation.refuse(
            "date",
            _("No EUR rate is recorded for %(date)s: the state aid cannot be counted.")
            % {"date": draft.date.strftime("%d.%m.%Y")},
        )
        return
    evaluation.nok_per_eur = rate.nok_per_eur
    evaluation.subsidy_eur = round_nok(subsidy / rate.nok_per_eur)
    rule = StateAidRule.objects.valid_on(draft.date).first()
    if rule is None:
        return
    evaluation.state_aid_rule = rule
    used = (
        PricedService.objects.counted()
        .filter(
            company=draft.company,
            date__gt=rule.window_start(draft.date),
            date__lte=draft.date,
        )
        .exclude(pk=exclude_pk)
        .aggregate(total=Coalesce(Sum("subsidy_eur"), ZERO))["total"]
    )
    evaluation.state_aid_used_eur = used
    if used + evaluation.subsidy_eur > rule.cap_eur:
        left = max(rule.cap_eur - used, ZERO)
        evaluation.refuse(
            "subsidy",
            _(
                "%(company)s has had EUR %(used)s of state aid in the %(years)s years up to "
                "this date; %(rule)s allows EUR %(cap)s, so EUR %(left)s (%(left_nok)s) is "
                "left and this service's subsidy is EUR %(subsidy)s."
            )
            % {
                "company": draft.company.name,
                "used": format_nok(used, unit=False),
                "years": rule.window_years,
                "rule": rule.name,
                "cap": format_nok(rule.cap_eur, unit=False),
                "left": format_nok(left, unit=False),
                "left_nok": format_nok(left * rate.nok_per_eur),
                "subsidy": format_nok(evaluation.subsidy_eur, unit=False),
            },
        )


def _belongs(draft: ServiceDraft, evaluation: ServiceEvaluation) -> None:
    naeringshage = draft.naeringshage
    if draft.company.naeringshage_id != naeringshage.pk:
        evaluation.refuse("company", _("Choose one of your næringshage's companies."))
    if draft.grant is not None and draft.grant.naeringshage_id != naeringshage.pk:
        evaluation.refuse("grant", _("Choose one of your næringshage's grants."))
    if not StaffMembership.objects.filter(user=draft.adviser, naeringshage=naeringshage).exists():
        evaluation.refuse("adviser", _("Choose an adviser of your næringshage."))


def service_evaluate(draft: ServiceDraft, *, exclude_pk: int | None = None) -> ServiceEvaluation:
    """Price the draft and check every rule, without writing.

    Used by the form to show the split and the room left before saving, and by the
    writes below (inside their locks) to decide.
    """
    evaluation = ServiceEvaluation()
    _belongs(draft, evaluation)
    _price(draft, evaluation)
    if evaluation.price is None:
        return evaluation
    _own_share(draft, evaluation, price=evaluation.price)
    if evaluation.own_share is None:
        return evaluation
    evaluation.subsidy = evaluation.price - evaluation.own_share
    if (
        draft.expected_subsidy is not None
        and round_nok(draft.expected_subsidy) != evaluation.subsidy
    ):
        evaluation.refuse(
            "subsidy",
            _(
                "The split does not add up: a price of %(price)s less an own share of "
                "%(own_share)s leaves a subsidy of %(subsidy)s, not %(expected)s."
            )
            % {
                "price": format_nok(evaluation.price),
                "own_share": format_nok(evaluation.own_share),
                "subsidy": format_nok(evaluation.subsidy),
                "expected": format_nok(round_nok(draft.expected_subsidy)),
            },
        )
    if draft.grant is not None:
        _grant_room(draft, evaluation, exclude_pk, grant=draft.grant, subsidy=evaluation.subsidy)
    _state_aid(draft, evaluation, exclude_pk, subsidy=evaluation.subsidy)
    return evaluation

"""Writes of funding data: grants with their yearly allocations, and placements.

Each function validates everything first (`full_clean()`), then writes in one
transaction; a refusal raises ValidationError keyed by the field it concerns. In a
closed year nothing the report shows may change: a grant's part for that year, its
funder, kind and title, and the year's placement.

What services have drawn on a grant holds it down: no year's allocation below what is
drawn on it, no year with services taken out of the grant's years, no amount below the
whole draw. The grant's row is locked (SELECT … FOR UPDATE) before that is read, as
recording a service locks it before reading what is left, so the two happen one after
the other and never both on the old numbers.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import ZERO, format_nok, split_evenly
from funding import selectors
from funding.models import Funder, Grant, GrantAllocation, Placement, PlacementScore, TierLevel
from funding.services.closing import closed_message, closed_years, ensure_open, lock_naeringshage
from funding.services.conflicts import ensure_unchanged
from programmes.models import Naeringshage

GRANT_FIELDS = (
    "funder",
    "kind",
    "title",
    "first_year",
    "last_year",
    "amount",
    "granted_on",
    "received_on",
    "conditions",
    "reporting_deadline",
    "note",
)


def allocation_field(year: int) -> str:
    """The grant form's field for a year's allocation: refusals of it are keyed so."""
    return f"allocation_{year}"


def _years_removed_message(years: list[int], drawn: dict[int, selectors.Drawn]) -> str:
    count = sum(drawn[year].services for year in years)
    services = ngettext("%(counter)s service", "%(counter)s services", count) % {"counter": count}
    return ngettext(
        "%(years)s has services drawn on the grant (%(services)s); that year cannot be removed.",
        "%(years)s have services drawn on the grant (%(services)s); those years cannot be removed.",
        len(years),
    ) % {"years": get_text_list([str(year) for year in years], _("and")), "services": services}


def ensure_within_drawn(grant: Grant, allocations: dict[int, Decimal]) -> None:
    """Refuse allocations, years or an amount below what the services that count have
    drawn on the grant, naming the numbers. Call it inside the write's transaction
    after locking the grant's row."""
    if grant.pk is None:
        return  # nothing is drawn on a grant not yet recorded
    drawn = selectors.drawn_by_year(grant=grant)
    errors: dict[str, str] = {}
    removed = sorted(year for year in drawn if not grant.first_year <= year <= grant.last_year)
    before = [year for year in removed if year < grant.first_year]
    after = [year for year in removed if year > grant.last_year]
    if before:
        errors["first_year"] = _years_removed_message(before, drawn)
    if after:
        errors["last_year"] = _years_removed_message(after, drawn)
    total = sum((row.subsidy for row in drawn.values()), ZERO)
    if grant.amount < total:
        errors["amount"] = _(
            "%(drawn)s of the grant is already used; the amount cannot be set lower than that."
        ) % {"drawn": format_nok(total)}
    if len(grant.year_list) > 1:  # one year: its allocation is the amount, said above
        for year in grant.year_list:
            used = drawn[year].subsidy if year in drawn else ZERO
            if allocations.get(year, ZERO) < used:
                errors[allocation_field(year)] = _(
                    "%(drawn)s of the %(year)s allocation is already used; it cannot be set "
                    "lower than that."
                ) % {"drawn": format_nok(used), "year": year}
    if errors:
        raise ValidationError(errors)


def _check_allocations(grant: Grant, allocations: dict[int, Decimal]) -> None:
    years = set(grant.year_list)
    outside = sorted(set(allocations) - years)
    if outside:
        raise ValidationError(
            {
                "allocations": _("%(year)s is outside the grant's years %(years)s.")
                % {"year": outside[0], "years": grant.years}
            }
        )
    if any(amount < 0 for amount in allocations.values()):
        raise ValidationError({"allocations": _("An allocation cannot be negative.")})
    total = sum(allocations.values(), Decimal("0"))
    if total != grant.amount:
        raise ValidationError(
            {
                "allocations": _(
                    "The allocations add up to %(total)s, but the grant is %(amount)s."
                )
                % {"total": format_nok(total), "amount": format_nok(grant.amount)}
            }
        )


def _allocations_for(grant: Grant, allocations: dict[int, Decimal] | None) -> dict[int, Decimal]:
    """The given allocations, or the amount split evenly over the grant's years."""
    if allocations is None:
        years = grant.year_list
        allocations = dict(zip(years, split_evenly(grant.amount, len(years)), strict=True))
    _check_allocations(grant, allocations)
    return allocations


def _check_closed_years(
    grant: Grant, stored: Grant | None, allocations: dict[int, Decimal]
) -> None:
    """Refuse a change to what a closed year's report shows of the grant (`stored`: the
    grant as saved, locked; None for a new grant)."""
    if stored is None:
        ensure_open(grant.naeringshage, grant.year_list, field="first_year")
        return
    before = dict(stored.allocations.values_list("year", "amount"))
    closed = closed_years(
        grant.naeringshage, {*before, *allocations, *stored.year_list, *grant.year_list}
    )
    for year in closed:
        if before.get(year) != allocations.get(year):
            raise ValidationError({"allocations": closed_message(year)})
    shown = ("funder_id", "kind", "title")
    if closed and any(getattr(stored, name) != getattr(grant, name) for name in shown):
        raise ValidationError(closed_message(closed[0]))


def _save_grant(
    grant: Grant,
    allocations: dict[int, Decimal] | None,
    opened_at: datetime | None = None,
    *,
    keep_stored: bool = False,
) -> Grant:
    """Write the grant and its allocations, every rule checked inside the locks.

    `allocations` None: the amount split evenly over the years, or, with `keep_stored`,
    the stored allocations when the years and the amount are as stored."""
    try:
        with transaction.atomic():
            lock_naeringshage(grant.naeringshage)
            stored = None
            if grant.pk is not None:
                stored = Grant.objects.select_for_update().get(pk=grant.pk)
                ensure_unchanged(stored, opened_at)
            shape = ("first_year", "last_year", "amount")
            unchanged = stored is not None and all(
                getattr(stored, name) == getattr(grant, name) for name in shape
            )
            if allocations is None and keep_stored and unchanged:
                allocations = dict(stored.allocations.values_list("year", "amount"))
            allocations = _allocations_for(grant, allocations)
            _check_closed_years(grant, stored, allocations)
            ensure_within_drawn(grant, allocations)
            grant.save()
            grant.allocations.exclude(year__in=allocations).delete()
            for year, amount in allocations.items():
                GrantAllocation.objects.update_or_create(
                    grant=grant, year=year, defaults={"amount": amount}
                )
    except IntegrityError:
        # Two managers recording the same year's Siva frame at once: the database's
        # unique constraint decides; say it as validation would.
        raise ValidationError(
            {"first_year": _("The næringshage already has a Siva frame for this year.")}
        ) from None
    return grant


def grant_create(
    *,
    naeringshage: Naeringshage,
    funder: Funder,
    kind: str,
    first_year: int,
    last_year: int,
    amount: Decimal,
    granted_on: date | None,
    title: str = "",
    received_on: date | None = None,
    conditions: str = "",
    reporting_deadline: date | None = None,
    note: str = "",
    allocations: dict[int, Decimal] | None = None,
) -> Grant:
    """Record a grant; without `allocations` the amount is split evenly over its years."""
    grant = Grant(
        naeringshage=naeringshage,
        funder=funder,
        kind=kind,
        title=title,
        first_year=first_year,
        last_year=last_year,
        amount=amount,
        granted_on=granted_on,
        received_on=received_on,
        conditions=conditions,
        reporting_deadline=reporting_deadline,
        note=note,
    )
    grant.full_clean()
    return _save_grant(grant, allocations)


def grant_update(
    *,
    grant: Grant,
    allocations: dict[int, Decimal] | None = None,
    opened_at: datetime | None = None,
    **fields,
) -> Grant:
    """Change a grant. When its years or amount change and no allocations are given,
    the amount is split evenly again; otherwise the given allocations must add up.

    `opened_at` is the version (`updated_at`) the form was opened at: when somebody has
    saved the grant since, EditConflict is raised and nothing is written."""
    unknown = set(fields) - set(GRANT_FIELDS)
    if unknown:
        raise TypeError(f"grant_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(grant, name, value)
    grant.full_clean()
    return _save_grant(grant, allocations, opened_at, keep_stored=True)


def placement_save(
    *,
    naeringshage: Naeringshage,
    year: int,
    level: TierLevel,
    decision_date: date | None,
    letter_reference: str = "",
    rationale: str = "",
    scores: dict[int, tuple[int | None, str]] | None = None,
    placement: Placement | None = None,
    opened_at: datetime | None = None,
) -> Placement:
    """Record (or, given `placement`, change) Siva's placement for a year.

    `scores` maps a criterion id of the level's tier model to (score, comment); a
    criterion with neither is left without a score row. `opened_at` is the version
    (`updated_at`) the form was opened at: when somebody has saved the placement since,
    EditConflict is raised and nothing is written.
    """
    placement = placement or Placement(naeringshage=naeringshage)
    placement.year = year
    placement.level = level
    placement.decision_date = decision_date
    placement.letter_reference = letter_reference
    placement.rationale = rationale
    placement.full_clean()
    scores = scores or {}
    criteria = {criterion.pk: criterion for criterion in level.tier_model.criteria.all()}
    foreign = set(scores) - set(criteria)
    if foreign:
        raise ValidationError(
            {"scores": _("A criterion does not belong to the tier model of the chosen level.")}
        )
    try:
        with transaction.atomic():
            lock_naeringshage(naeringshage)
            stored_year = None
            if placement.pk is not None:
                stored = Placement.objects.select_for_update().get(pk=placement.pk)
                ensure_unchanged(stored, opened_at)
                stored_year = stored.year
            ensure_open(naeringshage, {year, stored_year} - {None}, field="year")
            placement.save()
            # Scores of another model's criteria go when the level moves to another model.
            placement.scores.exclude(criterion__in=criteria).delete()
            for criterion_id, (score, comment) in scores.items():
                if score is None and not comment:
                    placement.scores.filter(criterion_id=criterion_id).delete()
                    continue
                PlacementScore.objects.update_or_create(
                    placement=placement,
                    criterion_id=criterion_id,
                    defaults={"score": score, "comment": comment},
                )
    except IntegrityError:
        raise ValidationError(
            {"year": _("The næringshage already has a placement for this year.")}
        ) from None
    return placement


def grant_allocations_reset(*, grant: Grant) -> bool:
    """Split the amount evenly again unless the allocations already fit the grant.

    For grants written outside the staff pages (the reference data, the admin).
    Returns whether anything changed.
    """
    existing = dict(grant.allocations.values_list("year", "amount"))
    if _fits(grant, existing):
        return False
    with transaction.atomic():
        _save_grant(grant, None)
    return True


def _fits(grant: Grant, allocations: dict[int, Decimal]) -> bool:
    return set(allocations) == set(grant.year_list) and sum(allocations.values()) == grant.amount


def grant_allocations_check(*, grant: Grant, allocations: dict[int, Decimal]) -> None:
    """Refuse what a save outside the staff pages (the admin) would leave below what is
    drawn on `grant`: `allocations` where they fit its years and amount, else the amount
    split evenly, as grant_allocations_reset then makes it.

    Locks the grant's row as every save does; called inside the caller's transaction,
    the lock holds until its write is done."""
    with transaction.atomic():
        lock_naeringshage(grant.naeringshage)
        Grant.objects.select_for_update().filter(pk=grant.pk).first()
        if not _fits(grant, allocations):
            allocations = _allocations_for(grant, None)
        ensure_within_drawn(grant, allocations)

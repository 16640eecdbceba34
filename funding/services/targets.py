"""Writes of a year's targets: all of a year's targets are saved together, in one
transaction, and not in a closed year (the closed report shows them)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from funding.models import Target, TargetKind
from funding.services.closing import ensure_open, lock_naeringshage
from programmes.models import Naeringshage


class TargetsChanged(ValidationError):
    """The year's targets changed after the form was opened: nothing was written."""


def targets_version(*, naeringshage: Naeringshage, year: int) -> str:
    """What the targets form carries to say which version of the year's targets it was
    opened at: the latest change, or "" when the year has none."""
    latest = (
        Target.objects.for_naeringshage(naeringshage)
        .filter(year=year)
        .aggregate(latest=Max("updated_at"))["latest"]
    )
    return latest.isoformat() if latest else ""


def targets_save(
    *,
    naeringshage: Naeringshage,
    year: int,
    values: dict[int, int | None],
    opened_at: str | None = None,
) -> list[Target]:
    """Set the year's targets: `values` maps a kind's id to its target, None to have
    none. A kind must be a target in the year. `opened_at` is `targets_version()` when
    the form was opened: when somebody has changed the year's targets since, nothing is
    written and ValidationError says so."""
    kinds = {kind.pk: kind for kind in TargetKind.objects.valid_in(year)}
    foreign = set(values) - set(kinds)
    if foreign:
        raise ValidationError(_("A kind of target does not apply to %(year)s.") % {"year": year})
    for kind_id, value in values.items():
        if value is not None:
            Target(
                naeringshage=naeringshage, year=year, kind=kinds[kind_id], value=value
            ).clean_fields(exclude=["naeringshage", "year", "kind"])
    with transaction.atomic():
        lock_naeringshage(naeringshage)
        ensure_open(naeringshage, [year], field=None)
        if (
            opened_at is not None
            and targets_version(naeringshage=naeringshage, year=year) != opened_at
        ):
            raise TargetsChanged(
                _(
                    "Somebody changed the targets for %(year)s after you opened the page. "
                    "The page now shows their targets: check them and save again."
                )
                % {"year": year}
            )
        stored = {
            target.kind_id: target
            for target in Target.objects.for_naeringshage(naeringshage)
            .filter(year=year)
            .select_for_update()
        }
        for kind_id, value in values.items():
            target = stored.get(kind_id)
            if value is None:
                if target is not None:
                    target.delete()
                continue
            if target is None:
                Target.objects.create(
                    naeringshage=naeringshage, year=year, kind_id=kind_id, value=value
                )
            elif target.value != value:
                target.value = value
                target.save()
    return list(
        Target.objects.for_naeringshage(naeringshage).filter(year=year).select_related("kind")
    )

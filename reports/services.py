"""The report's one write of its own: the manager's commentary on a period, saved
together in one transaction, and not in a closed year (its snapshot holds the
commentary as it stood)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.services.closing import ensure_open, lock_naeringshage
from programmes.models import Naeringshage
from reports.models import Commentary
from reports.selectors.commentary import commentary_version, period_key


class CommentaryChanged(ValidationError):
    """The commentary changed after the form was opened: nothing was written."""


def commentary_save(
    *,
    naeringshage: Naeringshage,
    year: int,
    half: int | None,
    texts: dict[str, str],
    written_by: AbstractBaseUser,
    opened_at: str | None = None,
) -> None:
    """Set the period's commentary: `texts` maps a section key to its text, "" for
    none. `opened_at` is `commentary_version()` when the form was opened: when somebody
    has changed the commentary since, nothing is written and ValidationError says so."""
    period = period_key(half)
    for section, text in texts.items():
        if text:
            Commentary(
                naeringshage=naeringshage, year=year, period=period, section=section, text=text
            ).clean_fields(exclude=["naeringshage", "updated_by"])
    with transaction.atomic():
        lock_naeringshage(naeringshage)
        ensure_open(naeringshage, [year], field=None)
        current = commentary_version(naeringshage=naeringshage, year=year, half=half)
        if opened_at is not None and current != opened_at:
            raise CommentaryChanged(
                _(
                    "Somebody changed the commentary after you opened the page. The page "
                    "now shows theirs: check it and save again."
                )
            )
        stored = {
            item.section: item
            for item in Commentary.objects.for_naeringshage(naeringshage)
            .filter(year=year, period=period)
            .select_for_update()
        }
        for section, text in texts.items():
            item = stored.get(section)
            if not text:
                if item is not None:
                    item.delete()
            elif item is None:
                Commentary.objects.create(
                    naeringshage=naeringshage,
                    year=year,
                    period=period,
                    section=section,
                    text=text,
                    updated_by=written_by,
                )
            elif item.text != text:
                item.text = text
                item.updated_by = written_by
                item.save()

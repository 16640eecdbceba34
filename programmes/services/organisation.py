"""Writes of the programme's organisation: reference data and staff memberships."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from municipalities.reference_data import LoadResult
from programmes.extensions import from_installed_apps
from programmes.models import Naeringshage, StaffMembership

REFERENCE_DATA_DIR = Path(settings.BASE_DIR) / "data" / "reference"


def reference_data_loaders() -> list[Callable[[Path], LoadResult]]:
    """The loaders of every app's `reference_data.FILES`, in the order of INSTALLED_APPS.

    INSTALLED_APPS lists the apps lowest layer first, so counties come before the
    municipalities that name them, and those before the regions (see
    `programmes.extensions`).
    """
    return from_installed_apps("reference_data", "FILES")


def reference_data_load(*, data_dir: Path = REFERENCE_DATA_DIR) -> list[LoadResult]:
    """Loads every reference data file of every app, all or nothing.

    Raises `ReferenceDataError` (a ValidationError naming file, line and column) for
    the first bad row; the transaction then leaves the database as it was.
    """
    with transaction.atomic():
        return [load(data_dir) for load in reference_data_loaders()]


def staff_membership_set(*, user: User, naeringshage: Naeringshage) -> StaffMembership:
    """Makes `user` work for `naeringshage` (a user works for one at a time)."""
    with transaction.atomic():
        membership, _created = StaffMembership.objects.select_for_update().get_or_create(
            user=user, defaults={"naeringshage": naeringshage}
        )
        if membership.naeringshage_id != naeringshage.pk:
            membership.naeringshage = naeringshage
            membership.full_clean()
            membership.save(update_fields=["naeringshage"])
        return membership

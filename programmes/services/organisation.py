"""Writes of the programme's organisation: reference data and staff memberships."""

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from municipalities.reference_data import LoadResult
from programmes.models import Naeringshage, StaffMembership

REFERENCE_DATA_DIR = Path(settings.BASE_DIR) / "data" / "reference"


def reference_data_loaders() -> list[Callable[[Path], LoadResult]]:
    """The loaders of every app's `reference_data.FILES`, in the order of INSTALLED_APPS.

    INSTALLED_APPS lists the apps lowest layer first, so counties come before the
    municipalities that name them, and those before the regions. The modules are found
    by name, the way Django finds each app's admin module: this app never imports an
    app above it.
    """
    loaders: list[Callable[[Path], LoadResult]] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.reference_data"
        if find_spec(module_name) is not None:
            loaders.extend(getattr(import_module(module_name), "FILES", []))
    return loaders


def reference_data_load(*, data_dir: Path = REFERENCE_DATA_DIR) -> list[LoadResult]:
    """Loads every reference data file of every app, all or nothing.

    Raises `ReferenceDataError` (a ValidationError naming file, line and column) for
    the first bad row; the transaction then leaves the database as it was.
    """
    with transaction.atomic():
        return [load(data_dir) for load in reference_data_loaders()]


def staff_membership_set(*, user: AbstractBaseUser, naeringshage: Naeringshage) -> StaffMembership:
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

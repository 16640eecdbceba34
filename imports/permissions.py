"""Who may import: the manager (an import writes many rows at once)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.roles import is_manager
from programmes.scoping import staff_naeringshage


def can_import(user: AbstractBaseUser | AnonymousUser) -> bool:
    return is_manager(user) and staff_naeringshage(user) is not None

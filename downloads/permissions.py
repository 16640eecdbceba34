"""Who may open a prepared file: staff of its næringshage (`downloads.views` checks the
file's own kind on top: a file is for the roles that may make it)."""

from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from accounts.roles import is_staff_member
from programmes.scoping import staff_naeringshage


def can_use_prepared_files(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers, the lowest roles that make any file."""
    return (
        is_staff_member(cast(User | AnonymousUser, user)) and staff_naeringshage(user) is not None
    )

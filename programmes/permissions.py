"""Who may do what in the programme's pages: named functions that views, navigation,
templates and tests all ask."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from programmes.roles import is_staff_member
from programmes.scoping import staff_naeringshage


def can_view_region(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers of a næringshage see its region."""
    return is_staff_member(user) and staff_naeringshage(user) is not None

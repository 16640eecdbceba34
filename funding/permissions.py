"""Who may do what with funding: advisers read, managers also write."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.roles import is_manager, is_staff_member
from programmes.scoping import staff_naeringshage


def can_view_funding(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers of a næringshage see its grants, placements and frame."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_manage_funding(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Only the manager records grants and Siva's placements."""
    return is_manager(user) and staff_naeringshage(user) is not None


def can_record_services(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers record, change and void priced services."""
    return is_staff_member(user) and staff_naeringshage(user) is not None

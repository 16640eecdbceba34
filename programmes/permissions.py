"""Who may do what in the programme's pages: named functions that views, navigation,
templates and tests all ask."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.roles import is_manager, is_staff_member
from programmes.scoping import staff_naeringshage


def can_view_region(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers of a næringshage see its region."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_view_companies(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers of a næringshage see its companies and their enrolments."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_manage_companies(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers register and edit companies, contact persons, key figures
    and enrolments: it is the advisers' daily work."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_view_events(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers of a næringshage see its events and who took part."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_manage_events(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers record events and their participants."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_manage_personal_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers answer people's requests to see or erase their data: contact persons
    and event participants."""
    return is_manager(user) and staff_naeringshage(user) is not None


def can_manage_users(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers invite the næringshage's advisers and managers, change their roles and
    deactivate them (the administrator manages the rest in the admin)."""
    return is_manager(user) and staff_naeringshage(user) is not None

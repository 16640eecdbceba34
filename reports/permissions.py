"""Who may see the reports: the dashboard is for every staff member of a næringshage,
the annual and half-year reports, their files and the closing of a year for its
manager."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.roles import is_manager, is_staff_member
from programmes.scoping import staff_naeringshage


def can_view_dashboard(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Advisers and managers see the dashboard of their næringshage."""
    return is_staff_member(user) and staff_naeringshage(user) is not None


def can_view_reports(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers of a næringshage see its annual and half-year reports and export them."""
    return is_manager(user) and staff_naeringshage(user) is not None


def can_close_year(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers of a næringshage close its years, and reopen them with a reason."""
    return is_manager(user) and staff_naeringshage(user) is not None


def can_write_commentary(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers of a næringshage write the commentary on its reports."""
    return is_manager(user) and staff_naeringshage(user) is not None

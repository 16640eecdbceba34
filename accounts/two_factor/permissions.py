"""Who must log in with a second factor, and who may turn it off."""

from django.contrib.auth.models import AnonymousUser, User

from accounts import roles


def two_factor_required(user: User | AnonymousUser) -> bool:
    """Managers and administrators: they hold the money and the users. Anybody who can
    reach the admin (staff, superusers) counts as an administrator here."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(roles.role_names(user) & {roles.MANAGER, roles.ADMINISTRATOR})


def can_turn_off_two_factor(user: User | AnonymousUser) -> bool:
    """Advisers (and users without a role) chose it themselves and may turn it off."""
    return user.is_authenticated and not two_factor_required(user)

"""Staff roles. Each role is a Django group, created by a data migration.

Permission checks elsewhere are named functions built on `has_role`, so that views,
templates and tests ask the same question in the same words.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_lazy as _

ADVISER = "Rådgiver"
MANAGER = "Daglig leder"
ADMINISTRATOR = "Administrator"
ROLES = (ADVISER, MANAGER, ADMINISTRATOR)
ROLE_LABELS = {ADVISER: _("Adviser"), MANAGER: _("Manager"), ADMINISTRATOR: _("Administrator")}


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The user's role names, read once per request object and cached on it."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        # Cached on the request's user object itself, which the stubs do not know of.
        user._role_names = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: User | AnonymousUser, role: str) -> bool:
    return role in role_names(user)


def is_manager(user: User | AnonymousUser) -> bool:
    return has_role(user, MANAGER)


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Advisers and managers: the people who use the staff pages."""
    return bool(role_names(user) & {ADVISER, MANAGER})

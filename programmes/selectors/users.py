"""Reads of a næringshage's staff users, for the manager's page "Users": its advisers
and managers (and anybody the administrator linked to it without a role yet), active
or not. Never an administrator: they belong to the installation, and the admin is
theirs."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from accounts.roles import ADMINISTRATOR, ADVISER, MANAGER, ROLE_LABELS
from core.history import HistoryEntry
from core.sorting import Sorting
from programmes.models import Naeringshage, StaffMembership
from programmes.user_log import user_history


def _in_group(name: str) -> Exists:
    return Exists(User.groups.through.objects.filter(user=OuterRef("pk"), group__name=name))


def staff_users(*, naeringshage: Naeringshage) -> QuerySet[User]:
    """The næringshage's staff users by name, each with `staff_role`: MANAGER, ADVISER
    (a manager who is also in the advisers' group is a manager) or "" for none."""
    memberships = StaffMembership.objects.for_naeringshage(naeringshage)
    return (
        User.objects.filter(staff_membership__in=memberships, is_staff=False, is_superuser=False)
        .exclude(_in_group(ADMINISTRATOR))
        .annotate(
            staff_role=Case(
                When(_in_group(MANAGER), then=Value(MANAGER)),
                When(_in_group(ADVISER), then=Value(ADVISER)),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class StaffUserRow:
    user: User
    role: str  # MANAGER, ADVISER or ""
    role_label: str
    invited: bool  # has not chosen a password yet


def _row(user: User) -> StaffUserRow:
    role = user.staff_role  # type: ignore[attr-defined]  # the annotation above
    return StaffUserRow(
        user=user,
        role=role,
        role_label=str(ROLE_LABELS[role]) if role else "",
        invited=not user.has_usable_password(),
    )


def staff_user_rows(
    *, naeringshage: Naeringshage, sorting: Sorting | None = None
) -> list[StaffUserRow]:
    """The page's rows, in one query; by name, or as `sorting` says."""
    users = staff_users(naeringshage=naeringshage)
    if sorting is not None:
        users = sorting.apply(users)
    return [_row(user) for user in users]


def staff_user_of(*, naeringshage: Naeringshage, pk: int) -> StaffUserRow:
    """One of the næringshage's staff users; 404 for anybody else's, and for an
    administrator."""
    return _row(get_object_or_404(staff_users(naeringshage=naeringshage), pk=pk))


def staff_user_history(*, naeringshage: Naeringshage, pk: int) -> tuple[User, list[HistoryEntry]]:
    """One of the næringshage's staff users and their history, newest first."""
    user = staff_user_of(naeringshage=naeringshage, pk=pk).user
    return user, user_history(user)

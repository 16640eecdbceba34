"""Multi-tenancy: the one way a view or selector reaches the data of a næringshage.

One installation can hold several næringshager. A staff user belongs to one of them
(`StaffMembership`) and sees only its data. Every view that shows or changes data of a
næringshage starts with its one access check,

    naeringshage = naeringshage_allowed(request, can_view_companies)

and passes that næringshage to the selectors and services it calls; a selector filters
with the QuerySet method `for_naeringshage(naeringshage)` that every model owned by a
næringshage gets from `ScopedQuerySet`. Where a view has only the user at hand,
`scoped(queryset, user)` does both steps at once. No page filters by næringshage in its
own way.

A user without a næringshage gets PermissionDenied (403), never an empty page that
looks like "no data"; the page tells them why.
"""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext

from programmes.models import Naeringshage, ScopedQuerySet, StaffMembership

_NOT_FETCHED = object()


def staff_naeringshage(user: AbstractBaseUser | AnonymousUser) -> Naeringshage | None:
    """The user's næringshage, or None. Read once per request and cached on the user."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_staff_naeringshage", _NOT_FETCHED)
    if cached is _NOT_FETCHED:
        relation = StaffMembership.user.field.remote_field  # user.staff_membership
        if relation.is_cached(user):  # read with the user (accounts.auth_backends)
            membership = relation.get_cached_value(user)
        else:
            membership = (
                StaffMembership.objects.select_related("naeringshage").filter(user=user).first()
            )
        cached = membership.naeringshage if membership else None
        user._staff_naeringshage = cached
    return cached


def naeringshage_for(user: AbstractBaseUser | AnonymousUser) -> Naeringshage:
    """The næringshage whose data this user works on; PermissionDenied when there is none."""
    naeringshage = staff_naeringshage(user)
    if naeringshage is None:
        raise PermissionDenied(
            gettext("Your user is not linked to a næringshage. Ask your administrator.")
        )
    return naeringshage


def naeringshage_allowed(
    request: HttpRequest, permission: Callable[[AbstractBaseUser | AnonymousUser], bool]
) -> Naeringshage:
    """The user's næringshage, if `permission` lets the user in; else PermissionDenied (403).

    The næringshage is asked for first, so that a user without one is told so rather
    than that their role is wrong (every permission also asks for a næringshage)."""
    naeringshage = naeringshage_for(request.user)
    if not permission(request.user):
        raise PermissionDenied
    return naeringshage


def scoped(queryset: ScopedQuerySet, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """`queryset` narrowed to the rows of the user's næringshage."""
    return queryset.for_naeringshage(naeringshage_for(user))

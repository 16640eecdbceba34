"""Writes of a næringshage's staff users, from the manager's page "Users": inviting an
adviser or a manager, changing a role, deactivating and reactivating. Each is one
transaction with its entry in the user's history (`programmes.user_log`). Also the
administrator's, from the admin's user pages: a user made with role and næringshage on
one page (`staff_user_create`), and the role and næringshage changed
(`staff_user_role_set`); the admin writes those entries itself. The
invitation's e-mail is sent after the user is saved: a mail server that fails leaves
the user invited, and the invitation can be sent again.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.password_reset import link_days, password_link
from accounts.roles import ADMINISTRATOR, ADVISER, MANAGER, ROLE_LABELS, ROLES
from core.users import user_label
from programmes.models import Naeringshage, StaffMembership
from programmes.selectors.users import staff_users
from programmes.services.organisation import staff_membership_set
from programmes.user_log import ACTIVE, EMAIL, FIRST_NAME, LAST_NAME, ROLE, Change, user_log_write

STAFF_ROLES = (ADVISER, MANAGER)

logger = logging.getLogger(__name__)


def _check_role(role: str) -> None:
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Choose adviser or manager.")}, code="role")


def _group(role: str) -> Group:
    # The roles' groups are made by a migration; a database emptied by a test has none.
    return Group.objects.get_or_create(name=role)[0]


def _address_taken() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "A user with this e-mail address exists already. If they are to work "
                "for your næringshage, ask your administrator."
            )
        },
        code="taken",
    )


def _role_in(naeringshage: Naeringshage, user: User) -> str:
    """The user's role, if they are one of the næringshage's staff users (never an
    administrator); else a refusal."""
    found = staff_users(naeringshage=naeringshage).filter(pk=user.pk).first()
    if found is None:
        raise ValidationError(_("This user does not work for your næringshage."), code="other")
    return found.staff_role  # type: ignore[attr-defined]  # the selector's annotation


def staff_user_invite(
    *,
    naeringshage: Naeringshage,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    invited_by: User,
) -> User:
    """A new adviser or manager of `naeringshage`, whose username is the e-mail
    address: without a usable password until they choose one through the invitation's
    link, in the role's group, working for the næringshage, and the invitation in their
    history. All or nothing."""
    _check_role(role)
    email = User.objects.normalize_email(email.strip())
    user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            taken = User.objects.filter(Q(username__iexact=user.username) | Q(email__iexact=email))
            if taken.exists():
                raise _address_taken()
            try:
                user.full_clean()
            except ValidationError as error:
                if "username" in error.message_dict:
                    raise ValidationError(
                        {
                            "email": _(
                                "The address becomes the username, which may hold only "
                                "letters, digits and @ . + - _. Use another address."
                            )
                        },
                        code="username",
                    ) from None
                raise
            user.save()
            user.groups.add(_group(role))
            staff_membership_set(user=user, naeringshage=naeringshage)
            user_log_write(
                user=user,
                changed_by=invited_by,
                created=True,
                changes=[
                    Change(FIRST_NAME, "", first_name),
                    Change(LAST_NAME, "", last_name),
                    Change(EMAIL, "", email),
                    Change(ROLE, "", role),
                ],
            )
    except IntegrityError:  # the same address invited at the same moment
        raise _address_taken() from None
    return user


def staff_user_update(
    *, naeringshage: Naeringshage, user: User, role: str, is_active: bool, changed_by: User
) -> list[Change]:
    """Sets the role and whether the user may log in; returns what changed (written to
    the user's history). A manager changes neither their own role nor their own access,
    so a næringshage never loses its last manager this way."""
    _check_role(role)
    with transaction.atomic():
        # The row locked: two managers changing one user at once write one after the other.
        target = User.objects.select_for_update().get(pk=user.pk)
        current_role = _role_in(naeringshage, target)
        changes = []
        if role != current_role:
            changes.append(Change(ROLE, current_role, role))
        if is_active != target.is_active:
            changes.append(Change(ACTIVE, target.is_active, is_active))
        if not changes:
            return []
        if target.pk == changed_by.pk:
            raise ValidationError(
                _(
                    "You cannot change your own role or deactivate yourself. Ask another "
                    "manager or your administrator."
                ),
                code="self",
            )
        if role != current_role:
            target.groups.remove(*Group.objects.filter(name__in=STAFF_ROLES))
            target.groups.add(_group(role))
        if is_active != target.is_active:
            target.is_active = is_active
            target.save(update_fields=["is_active"])
        user_log_write(user=target, changed_by=changed_by, created=False, changes=changes)
    return changes


def invitation_send(
    *, naeringshage: Naeringshage, user: User, invited_by: User, base_url: str
) -> bool:
    """E-mails `user` the link to choose a password (`base_url`: the site's address).
    False when the mail server refused it or could not be reached; the user stays
    invited, and it can be sent again. Only to an active user who has no password yet."""
    if not user.is_active:
        raise ValidationError(
            _("This user is deactivated. Make them active first."), code="inactive"
        )
    if user.has_usable_password():
        raise ValidationError(
            _(
                "This user has chosen a password already. If they have forgotten it, "
                "they use “Forgot password?” on the login page."
            ),
            code="not_invited",
        )
    context = {
        "user": user,
        "name": user_label(user),
        "username": user.get_username(),
        "invited_by": user_label(invited_by),
        "naeringshage": naeringshage.name,
        "role": ROLE_LABELS.get(_role_in(naeringshage, user), ""),
        "link": password_link(user, base_url=base_url),
        "days": link_days(),
    }
    subject = render_to_string("programmes/email/invitation_subject.txt", context)
    body = render_to_string("programmes/email/invitation_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:  # smtplib's errors, a refused or lost connection, a timeout
        logger.exception("The invitation to user %s could not be sent", user.pk)
        return False
    return True


# --- The administrator's staff users (the admin's user pages) ----------------------------


NO_ROLE = ""  # a user the administrator has not given a role yet


def staff_role_check(
    *,
    role: str,
    naeringshage: Naeringshage | None,
    user: User | None = None,
    changed_by: User | None = None,
) -> None:
    """An adviser or a manager works for a næringshage; an administrator may or not. An
    administrator does not take their own role away (they would lose the admin page
    where it is given back)."""
    if role not in (NO_ROLE, *ROLES):
        raise ValidationError({"role": _("Choose adviser, manager or administrator.")}, code="role")
    own = user is not None and changed_by is not None and user.pk == changed_by.pk
    if own and user is not None and role != ADMINISTRATOR and staff_role_of(user) == ADMINISTRATOR:
        raise ValidationError(
            {
                "role": _(
                    "You cannot take away your own administrator role. Ask another administrator."
                )
            },
            code="self",
        )
    if role in STAFF_ROLES and naeringshage is None:
        raise ValidationError(
            {
                "naeringshage": _(
                    "An adviser or a manager works for a næringshage: choose which one."
                )
            },
            code="no_naeringshage",
        )


def _role_and_membership_set(user: User, *, role: str, naeringshage: Naeringshage | None) -> None:
    user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(name=role))
    if role != NO_ROLE:
        user.groups.add(_group(role))
    # An administrator reaches the admin with every right, as the demo's does; advisers
    # and managers never (the staff pages leave out users who can). Without a role the
    # user keeps what they have.
    if role != NO_ROLE:
        administrator = role == ADMINISTRATOR
        if user.is_staff != administrator or user.is_superuser != administrator:
            user.is_staff = user.is_superuser = administrator
            user.save(update_fields=["is_staff", "is_superuser"])
    if naeringshage is None:
        StaffMembership.objects.filter(user=user).delete()
    else:
        staff_membership_set(user=user, naeringshage=naeringshage)


def staff_user_create(
    *, user: User, password: str | None, role: str, naeringshage: Naeringshage | None
) -> User:
    """Saves the new `user` (not yet saved) with `password`, or without a usable one
    until they choose it through a link; in the role's group, working for
    `naeringshage`. All or nothing."""
    if role == NO_ROLE:
        raise ValidationError({"role": _("Choose adviser, manager or administrator.")}, code="role")
    staff_role_check(role=role, naeringshage=naeringshage)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.full_clean()
        user.save()
        _role_and_membership_set(user, role=role, naeringshage=naeringshage)
    return user


def staff_user_role_set(
    *, user: User, role: str, naeringshage: Naeringshage | None, changed_by: User
) -> None:
    """Gives `user` the `role` (and only it of the roles) and the næringshage."""
    staff_role_check(role=role, naeringshage=naeringshage, user=user, changed_by=changed_by)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        _role_and_membership_set(locked, role=role, naeringshage=naeringshage)
        user.is_staff, user.is_superuser = locked.is_staff, locked.is_superuser


def staff_role_of(user: User) -> str:
    """The user's role: administrator before manager before adviser; "" for none."""
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return next((role for role in (ADMINISTRATOR, MANAGER, ADVISER) if role in names), "")

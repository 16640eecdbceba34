"""Choosing a password through a link sent by e-mail: "Forgot password?" on the login
page, and the link in an invitation to a new staff user (`password_link`).

Django's own views and token (PasswordResetTokenGenerator): the link names the user
and a token made from their password hash and last login, so it works once and for
PASSWORD_RESET_TIMEOUT. The request page answers the same whatever the address: one
page, and a mail only when an active user has that address. It is throttled per client
address (a refusal saying so) and per e-mail address (silently: the same page again,
so that the limit does not tell whether the address is a user's).
"""

import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.client_address import client_address
from accounts.throttle import allow, private_key

# At most this many requests from one client address, and links to one e-mail address,
# an hour.
REQUESTS_PER_CLIENT = 10
LINKS_PER_ADDRESS = 3
WINDOW_SECONDS = 60 * 60
TOO_MANY_REQUESTS = 429


def link_days() -> int:
    """How many days a link works, as the mails say it."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def password_link(user: User, *, base_url: str) -> str:
    """The address of the page where `user` chooses a password (`base_url` is the
    site's, such as "https://naeringshage.example.no")."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _same_address(one: str, other: str) -> bool:
    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    return fold(one) == fold(other)


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email: str) -> Iterator[User]:
        """The active users with this address, also those who have not chosen a
        password yet (invited, and the invitation's link has expired): Django's own
        leaves them out, for sites where some users log in elsewhere."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if _same_address(email, user.email))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = f"password-reset:client:{client_address(self.request)}"
        if not allow(client, limit=REQUESTS_PER_CLIENT, window=WINDOW_SECONDS):
            form.add_error(
                None,
                _(
                    "Too many requests for a new password have come from your network. "
                    "Try again in an hour, or ask your administrator."
                ),
            )
            return self.render_to_response(
                self.get_context_data(form=form), status=TOO_MANY_REQUESTS
            )
        address = private_key("password-reset:address", form.cleaned_data["email"])
        if not allow(address, limit=LINKS_PER_ADDRESS, window=WINDOW_SECONDS):
            # The page a sent link leads to: nothing tells that the limit was reached.
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {"days": link_days()}
        return super().form_valid(form)

    def form_invalid(self, form: PasswordResetForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def get_user(self, uidb64: str):
        """The user the link names, if still active: a deactivated user's old link
        (an invitation, say) sets no password."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_invalid(self, form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

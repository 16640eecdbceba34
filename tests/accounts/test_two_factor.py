"""Two-factor login: managers and administrators give a code from an authenticator app
(or a recovery code) after the password; advisers may choose to. Every login here goes
through the real forms, never force_login (which tests/conftest.py completes with the
second factor)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.permissions import can_turn_off_two_factor, two_factor_required
from tests.conftest import PASSWORD, give_authenticator_app, totp_code

ENROL = "/accounts/two-factor/enrol/"
VERIFY = "/accounts/two-factor/verify/"
CODES = "/accounts/two-factor/recovery-codes/"
ACCOUNT = "/accounts/two-factor/"
WRONG_NB = "Koden er feil eller utløpt."
WAIT_NB = "For mange feil koder: vent"

# Pages of every kind a manager or administrator could try to skip to.
PAGES = ["/", "/reports/annual/?year=2016", "/funding/", "/admin/", "/admin/auth/user/"]


def password_login(username: str, next_url: str = "") -> Client:
    client = Client()
    data = {"username": username, "password": PASSWORD}
    url = "/accounts/login/"
    if next_url:
        url += f"?next={next_url}"
        data["next"] = next_url
    response = client.post(url, data)
    assert response.status_code == 302, "the password step failed"
    return client


def verified(client: Client) -> bool:
    return "otp_device_id" in client.session


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Open the set-up, confirm with the app's code; returns the app and the codes shown."""
    client.get(ENROL)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(ENROL, {"code": totp_code(device)})
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    return device, re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page)


# --- Who must -------------------------------------------------------------------------


def test_managers_and_administrators_must_and_advisers_may(
    adviser, manager, administrator, user_without_role
):
    assert two_factor_required(manager)
    assert two_factor_required(administrator)
    assert not two_factor_required(adviser)
    assert not two_factor_required(user_without_role)
    assert can_turn_off_two_factor(adviser)
    assert not can_turn_off_two_factor(manager)


def test_the_middleware_is_after_django_otps():
    middleware = settings.MIDDLEWARE
    assert middleware.index("django_otp.middleware.OTPMiddleware") < middleware.index(
        "accounts.two_factor.middleware.TwoFactorMiddleware"
    )


# --- Managers and administrators without an app ---------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_without_an_app_is_sent_to_set_one_up_from_every_page(manager, page):
    client = password_login(manager.username)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(ENROL + "?next=")
    assert not verified(client)


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_without_an_app_is_sent_to_set_one_up(administrator, page):
    client = password_login(administrator.username)

    assert client.get(page)["Location"].startswith(ENROL)


def test_posts_are_refused_too(manager):
    client = password_login(manager.username)

    response = client.post("/funding/grants/new/", {"amount": "1"})

    assert response.status_code == 302
    assert response["Location"] == ENROL


def test_the_set_up_page_shows_the_qr_code_and_the_secret_in_norwegian(manager):
    client = password_login(manager.username)

    response = client.get(ENROL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sett opp tofaktorinnlogging" in content
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert '<svg role="img"' in content and "<title>" in content
    assert "style=" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]
    from accounts.two_factor.services import secret_for_manual_entry

    assert secret_for_manual_entry(device) in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_setting_up_with_the_right_code_shows_ten_recovery_codes_once(manager):
    client = password_login(manager.username, next_url="/funding/")

    device, codes = enrol(client)

    device.refresh_from_db()
    assert device.confirmed
    assert len(set(codes)) == 10
    assert verified(client)
    assert client.get("/funding/").status_code in (200, 403)  # past the two-factor step
    # Shown once: the page again sends to the account page.
    assert client.get(CODES)["Location"] == ACCOUNT


def test_the_recovery_codes_page_explains_them_and_leads_on(manager):
    client = password_login(manager.username, next_url="/funding/")
    client.get(ENROL)
    device = TOTPDevice.objects.get(confirmed=False)

    response = client.post(ENROL, {"code": totp_code(device), "next": "/funding/"}, follow=True)

    content = response.content.decode()
    assert "Gjenopprettingskodene dine" in content
    assert "vises bare nå" in content
    assert 'href="/funding/"' in content


def test_a_wrong_code_does_not_confirm_the_set_up(manager):
    client = password_login(manager.username)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 400
    assert WRONG_NB in response.content.decode()
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    assert not verified(client)


def test_logout_and_the_language_switch_work_before_the_second_factor(manager):
    client = password_login(manager.username)

    assert client.post("/i18n/setlang/", {"language": "en", "next": ENROL}).status_code == 302
    assert "Set up two-factor login" in client.get(ENROL).content.decode()
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


# --- The code after the password ------------------------------------------------------


@pytest.fixture
def manager_with_app(manager):
    return manager, give_authenticator_app(manager)


def test_the_next_login_asks_for_the_code_and_lets_in_with_it(manager_with_app):
    manager, device = manager_with_app
    client = password_login(manager.username, next_url="/admin/")

    response = client.get("/admin/")
    assert response["Location"] == VERIFY + "?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert "Tofaktorinnlogging" in page.content.decode()

    response = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert verified(client)
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(manager_with_app):
    manager, _device = manager_with_app
    client = password_login(manager.username)

    response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 400
    assert WRONG_NB in response.content.decode()
    assert not verified(client)
    assert client.get("/")["Location"].startswith(VERIFY)


def test_the_same_code_is_not_taken_twice(manager_with_app):
    manager, device = manager_with_app
    code = totp_code(device)
    first = password_login(manager.username)
    assert first.post(VERIFY, {"code": code}).status_code == 302

    second = password_login(manager.username)

    assert second.post(VERIFY, {"code": code}).status_code == 400
    assert not verified(second)


def test_a_recovery_code_works_once_only(manager_with_app):
    manager, _device = manager_with_app
    code = StaticToken.objects.filter(device__user=manager).first().token
    first = password_login(manager.username)

    response = first.post(VERIFY, {"code": f"{code[:4]}-{code[4:]}".upper()}, follow=True)

    assert verified(first)
    assert "9 gjenopprettingskoder igjen" in response.content.decode()
    second = password_login(manager.username)
    assert second.post(VERIFY, {"code": code}).status_code == 400
    assert not verified(second)


def test_repeated_wrong_codes_make_the_next_try_wait(manager_with_app):
    manager, device = manager_with_app
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = password_login(manager.username)
        for _attempt in range(4):
            client.post(VERIFY, {"code": "000000"})
            traveller.shift(timedelta(seconds=10))
        # Four failures: the fifth try must wait 8 s after the last.
        traveller.shift(timedelta(seconds=-9))

        response = client.post(VERIFY, {"code": totp_code(device)})

        assert response.status_code == 429
        assert f"{WAIT_NB} 7 sekunder før du prøver igjen." in response.content.decode()
        assert not verified(client)

        traveller.shift(timedelta(seconds=8))
        assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert verified(client)


def test_a_wrong_code_says_how_long_to_wait_once_the_wait_is_noticeable(manager_with_app):
    manager, _device = manager_with_app
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        client = password_login(manager.username)
        for _attempt in range(3):
            response = client.post(VERIFY, {"code": "000000"})
            traveller.shift(timedelta(seconds=10))

    assert response.status_code == 400
    assert f"{WRONG_NB} Sjekk koden og prøv igjen. {WAIT_NB} 4 sekunder" in (
        response.content.decode()
    )


def test_a_password_alone_cannot_set_up_another_app(manager_with_app):
    manager, device = manager_with_app
    client = password_login(manager.username)

    response = client.get(ENROL)

    assert response["Location"] == VERIFY
    assert client.post(ENROL, {"code": "123456"})["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=manager)) == [device]


def test_an_outside_next_is_not_followed(manager_with_app):
    manager, device = manager_with_app
    client = password_login(manager.username)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_the_header_offers_no_section_until_the_code_is_given(manager_with_app, reference_data):
    from programmes.models import Naeringshage
    from programmes.services import staff_membership_set

    manager, device = manager_with_app
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=manager, naeringshage=roros)
    client = password_login(manager.username)

    page = client.get(VERIFY).content.decode()
    assert 'href="/companies/"' not in page and 'href="/reports/annual/"' not in page

    client.post(VERIFY, {"code": totp_code(device)})
    page = client.get("/").content.decode()
    assert 'href="/companies/"' in page and 'href="/reports/annual/"' in page


def test_the_code_pages_are_in_english_when_english_is_chosen(manager_with_app):
    manager, _device = manager_with_app
    client = password_login(manager.username)
    client.post("/i18n/setlang/", {"language": "en"})

    response = client.post(VERIFY, {"code": "123456"})

    assert "The code is wrong or has expired." in response.content.decode()


# --- Advisers -------------------------------------------------------------------------


def test_an_adviser_without_an_app_logs_in_directly(adviser):
    client = password_login(adviser.username)

    assert client.get("/").status_code == 200
    assert client.get(ACCOUNT).status_code == 200


def test_an_adviser_may_set_up_an_app_and_must_then_give_the_code(adviser):
    client = password_login(adviser.username)
    assert "Tofaktorinnlogging er av" in client.get(ACCOUNT).content.decode()
    device, codes = enrol(client)
    assert len(codes) == 10

    again = password_login(adviser.username)

    assert again.get("/")["Location"].startswith(VERIFY)
    assert again.post(VERIFY, {"code": totp_code(device, steps_ahead=1)}).status_code == 302
    assert "Tofaktorinnlogging er på" in again.get(ACCOUNT).content.decode()


def test_an_adviser_may_turn_it_off_and_a_manager_may_not(adviser, manager_client, manager):
    give_authenticator_app(adviser)
    adviser_client = Client()
    adviser_client.force_login(adviser)  # an adviser's session is not verified by this
    assert adviser_client.get("/")["Location"].startswith(VERIFY)
    adviser_client.post(VERIFY, {"code": totp_code(TOTPDevice.objects.get(user=adviser))})

    assert adviser_client.post("/accounts/two-factor/turn-off/").status_code == 302
    assert not TOTPDevice.objects.filter(user=adviser).exists()
    assert not StaticToken.objects.filter(device__user=adviser).exists()

    assert manager_client.post("/accounts/two-factor/turn-off/").status_code == 403
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()


# --- The account page -----------------------------------------------------------------


def test_new_recovery_codes_replace_the_old(manager_client, manager):
    old = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))

    response = manager_client.post("/accounts/two-factor/recovery-codes/new/", follow=True)

    new = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(new) == 10 and not old & new
    content = response.content.decode()
    assert all(f"{code[:4]}-{code[4:]}" in content for code in new)


def test_the_account_page_shows_the_status(manager_client):
    content = manager_client.get(ACCOUNT).content.decode()

    assert "Tofaktorinnlogging er på" in content
    assert "Gjenopprettingskoder igjen" in content
    assert "Slå av tofaktorinnlogging" not in content


def test_the_admin_lists_apps_without_their_secrets(administrator_client, manager):
    device = give_authenticator_app(manager)

    response = administrator_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert response.status_code == 200
    assert device.key not in response.content.decode()
    assert administrator_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


# --- The demo users ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.empty_database  # the demo users, without the demo data
def test_the_demo_manager_logs_in_with_the_published_demo_key(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert "NAERINGSHAGEDEMONAERINGSHAGEDEMO" in output.getvalue()
    code = StringIO()
    call_command("demo_totp_code", "leder", stdout=code)

    client = Client()
    client.post("/accounts/login/", {"username": "leder", "password": "demo-leder"})
    response = client.post(VERIFY, {"code": code.getvalue().strip()})

    assert response["Location"] == "/"
    assert verified(client)
    assert not TOTPDevice.objects.filter(user__username="radgiver").exists()


@pytest.mark.django_db
def test_the_demo_code_is_never_printed_for_a_real_user(manager):
    from django.core.management import CommandError, call_command

    give_authenticator_app(manager)

    with pytest.raises(CommandError):
        call_command("demo_totp_code", manager.username)


def test_the_authenticator_app_shows_the_configured_issuer(manager, settings):
    settings.OTP_TOTP_ISSUER = "Rørosregionen Næringshage"
    device = give_authenticator_app(manager)

    assert "issuer=R%C3%B8rosregionen%20N%C3%A6ringshage" in device.config_url
    assert device.config_url.startswith("otpauth://totp/R%C3%B8rosregionen%20N%C3%A6ringshage")

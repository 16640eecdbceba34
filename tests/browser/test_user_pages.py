"""The users page and choosing a password in Chromium: a manager invites an adviser,
the adviser chooses a password through the mail's link; "Forgot password?" from the
login page. Every page accessible and valid."""

import re

from django.core import mail

from accounts import roles
from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from tests.browser.conftest import sign_in

NEW_PASSWORD = "fjellbakst-og-tynset-sag-2016"


def test_a_manager_invites_an_adviser_who_chooses_a_password(
    page, check_page, reference_data, manager, adviser
):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=manager, naeringshage=roros)
    staff_membership_set(user=adviser, naeringshage=roros)
    sign_in(page, manager.username)

    response = page.goto("/users/")
    check_page(page, response)
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Inviter en bruker").click()
    check_page(page, navigation.value)
    page.get_by_label("Fornavn").fill("Kari")
    page.get_by_label("Etternavn").fill("Østby")
    page.get_by_label("E-post").fill("kari@fjellbakst.no")
    page.get_by_label("Rolle").select_option(roles.ADVISER)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send invitasjonen").click()
    check_page(page, navigation.value)
    assert "Kari Østby er invitert" in page.get_by_role("status").inner_text()

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Radgiver", exact=True).click()
    check_page(page, navigation.value)
    assert page.get_by_label("Aktiv").is_checked()

    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    page.context.clear_cookies()
    response = page.goto(link.group(1))
    check_page(page, response)
    page.get_by_label("Nytt passord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekreft nytt passord").fill(NEW_PASSWORD)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre passordet").click()
    check_page(page, navigation.value)
    assert page.get_by_role("heading", level=1).inner_text() == "Passordet er lagret"


def test_forgot_password_is_one_link_from_the_login_page(page, check_page, adviser):
    page.goto("/accounts/login/")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Glemt passord?").click()
    check_page(page, navigation.value)

    page.get_by_label("E-post").fill("ingen@fjellbakst.no")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send lenken").click()
    check_page(page, navigation.value)
    assert page.get_by_role("heading", level=1).inner_text() == "Sjekk e-posten din"
    assert not mail.outbox

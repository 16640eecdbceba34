"""The personal data pages in Chromium: accessible and valid; a person's rows found,
chosen and erased through the forms."""

import pytest

from programmes.models import ContactPerson, Naeringshage, Participant
from programmes.services import participant_add, staff_membership_set
from tests.browser.conftest import sign_in
from tests.programmes.factories import make_company, make_event

NBSP = "\u00a0"


@pytest.fixture
def kari(reference_data, manager):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=manager, naeringshage=roros)
    event = make_event(roros, manager)
    company = make_company(roros, 1, name="Fjellbakst AS")
    ContactPerson.objects.create(company=company, name="Kari Haugen", email="kari@x.example")
    return participant_add(event=event, name="Kari Haugen", company=company, email="")


def test_a_person_is_found_and_erased(page, check_page, manager, kari):
    sign_in(page, manager.username)

    response = page.goto("/people/?q=kari+haugen")
    check_page(page, response)
    page.get_by_role("checkbox").nth(0).check()
    page.get_by_role("checkbox").nth(1).check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Slett de valgte radene …").click()
    check_page(page, navigation.value)
    assert "Kari Haugen, Fjellbakst AS" in page.locator("main").inner_text()

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Slett", exact=True).click()
    check_page(page, navigation.value)
    assert "1 kontaktpersoner slettet, 1 deltakelser" in page.locator("main").inner_text()
    assert not ContactPerson.objects.exists()
    assert Participant.objects.get(pk=kari.pk).name.startswith("Slettet person ")

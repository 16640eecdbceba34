"""Choosing a company among hundreds: the lookup the type-ahead asks, the picker that
works without JavaScript (search, then choose among the matches), the header's search
page, and the adviser choice that offers the næringshage's advisers and managers only."""

import re
from html import unescape

import pytest

from accounts import roles
from funding.forms import ServiceForm
from programmes.models import Participant
from programmes.services import contact_person_create, participant_add, staff_membership_set
from tests.conftest import make_user
from tests.programmes.factories import make_company, make_event, organisation_number


@pytest.fixture
def companies(staff_of_rorosregionen, other_naeringshage):
    roros = staff_of_rorosregionen
    made = {
        "fjellbakst": make_company(roros, 1, name="Fjellbakst AS"),
        "kjott": make_company(roros, 2, name="Røros Kjøtt AS"),
        "theirs": make_company(other_naeringshage, 3, name="Fjellbakst Hemmelig AS"),
    }
    for serial in range(10, 40):
        make_company(roros, serial, name=f"Fjellgard {serial} AS")
    return made


@pytest.fixture
def event(staff_of_rorosregionen, adviser):
    return make_event(staff_of_rorosregionen, adviser)


def page_text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- The lookup ---------------------------------------------------------------------------


def test_the_lookup_finds_with_a_typo_and_labels_with_the_number(companies, adviser_client):
    results = adviser_client.get("/companies/lookup/", {"q": "fjelbakst"}).json()["results"]
    assert results[0] == {
        "id": companies["fjellbakst"].pk,
        "label": f"Fjellbakst AS ({companies['fjellbakst'].organisation_number_display})",
    }
    assert all("Hemmelig" not in result["label"] for result in results)


def test_the_lookup_answers_twenty_at_most_and_nothing_for_nothing(companies, adviser_client):
    assert len(adviser_client.get("/companies/lookup/", {"q": "fjell"}).json()["results"]) == 20
    assert adviser_client.get("/companies/lookup/", {"q": "  "}).json() == {"results": []}
    assert adviser_client.get("/companies/lookup/").json() == {"results": []}
    long = adviser_client.get("/companies/lookup/", {"q": "x" * 5000})
    assert long.status_code == 200


def test_the_lookup_finds_by_the_number_with_spaces(companies, adviser_client):
    number = organisation_number(2)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    results = adviser_client.get("/companies/lookup/", {"q": spaced}).json()["results"]
    assert [result["id"] for result in results] == [companies["kjott"].pk]


def test_the_lookup_costs_a_fixed_number_of_queries(
    companies, adviser_client, django_assert_max_num_queries
):
    adviser_client.get("/companies/lookup/", {"q": "fjell"})  # the session's first write
    with django_assert_max_num_queries(7):
        adviser_client.get("/companies/lookup/", {"q": "fjelbakst"})


# --- The picker without JavaScript ---------------------------------------------------------


def test_a_search_in_the_picker_shows_the_matches_and_saves_nothing(
    companies, adviser_client, event
):
    response = adviser_client.post(
        f"/events/{event.pk}/participants/",
        {"name": "Kari Nordmann", "company_search": "fjelbakst", "company_shown": ""},
    )
    assert not Participant.objects.exists()
    text = page_text(response)
    assert "Velg bedriften blant dem som passer «fjelbakst» i listen." in text
    options = re.findall(r'<option value="(\d+)"', response.content.decode())
    assert options == [str(companies["fjellbakst"].pk)]


def test_the_choice_among_the_matches_is_saved(companies, adviser_client, event):
    response = adviser_client.post(
        f"/events/{event.pk}/participants/",
        {
            "name": "Kari Nordmann",
            "company": companies["fjellbakst"].pk,
            "company_search": "fjelbakst",
            "company_shown": "fjelbakst",
        },
    )
    assert response.status_code == 302
    assert Participant.objects.get().company == companies["fjellbakst"]


def test_the_find_button_searches_again_even_with_a_choice(companies, adviser_client, event):
    adviser_client.post(
        f"/events/{event.pk}/participants/",
        {
            "name": "Kari Nordmann",
            "company": companies["fjellbakst"].pk,
            "company_search": "kjøtt",
            "company_shown": "fjelbakst",
        },
    )
    assert not Participant.objects.exists()


def test_another_naeringshages_company_cannot_be_posted(companies, adviser_client, event):
    response = adviser_client.post(
        f"/events/{event.pk}/participants/",
        {"name": "Kari Nordmann", "company": companies["theirs"].pk},
    )
    assert not Participant.objects.exists()
    assert "Velg en av næringshagens bedrifter i listen." in page_text(response)


def test_the_picker_lists_none_of_hundreds_before_a_search(companies, adviser_client, event):
    page = adviser_client.get(f"/events/{event.pk}/").content.decode()
    assert 'data-picker="/companies/lookup/"' in page
    assert re.findall(r'<option value="(\d+)"', page) == []


def test_an_edit_shows_the_chosen_company(companies, staff_of_rorosregionen, adviser):
    form = ServiceForm(
        initial={"company": companies["fjellbakst"].pk}, naeringshage=staff_of_rorosregionen
    )
    html = str(form["company"])
    assert f'<option value="{companies["fjellbakst"].pk}" selected>' in html
    assert 'value="Fjellbakst AS"' in html  # the search box holds its name


# --- The adviser choice --------------------------------------------------------------------


def test_the_adviser_choice_offers_the_naeringshages_advisers_and_managers_only(
    staff_of_rorosregionen, other_naeringshage, adviser, manager, administrator, django_user_model
):
    staff_membership_set(user=administrator, naeringshage=staff_of_rorosregionen)
    theirs = make_user(django_user_model, "annen-radgiver", roles.ADVISER)
    staff_membership_set(user=theirs, naeringshage=other_naeringshage)
    offered = set(ServiceForm(naeringshage=staff_of_rorosregionen).fields["adviser"].queryset)
    assert offered == {adviser, manager}


# --- The header's search page --------------------------------------------------------------


def test_the_search_page_groups_what_it_finds_each_a_link(
    companies, adviser_client, event, staff_of_rorosregionen
):
    contact_person_create(company=companies["fjellbakst"], name="Fjellbakst-Kari")
    participant_add(event=event, name="Ola", company=companies["fjellbakst"])
    page = adviser_client.get("/search/", {"q": "fjellbakst"}).content.decode()
    assert f'href="/companies/{companies["fjellbakst"].pk}/"' in page
    assert f'href="/companies/{companies["fjellbakst"].pk}/#contacts"' in page
    assert "Hemmelig" not in page
    headings = re.findall(
        r'<h2 class="ds-heading" data-size="sm" id="search-group-\d+">([^<]+)', page
    )
    assert headings == ["Bedrifter", "Kontaktpersoner"]
    events = adviser_client.get("/search/", {"q": "eierskifte"}).content.decode()
    assert f'href="/events/{event.pk}/"' in events


def test_the_search_page_says_when_nothing_matches(companies, adviser_client):
    text = page_text(adviser_client.get("/search/", {"q": "zzzzqqq"}))
    assert "Ingen treff på «zzzzqqq»." in text
    assert adviser_client.get("/search/").status_code == 200


def test_the_search_page_costs_a_fixed_number_of_queries(
    companies, adviser_client, django_assert_max_num_queries
):
    for number in range(30):
        contact_person_create(company=companies["kjott"], name=f"Fjellbakst {number}")
    adviser_client.get("/search/", {"q": "kjøtt"})  # the session's first write
    with django_assert_max_num_queries(12):
        response = adviser_client.get("/search/", {"q": "fjellbakst"})
    assert "Viser de første 10." in page_text(response)

"""The company pages through Django's test client: who may open them, what they show,
how they refuse bad input, and how many queries they take."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import ADVISER
from programmes import page_cache
from programmes.models import Company, ContactPerson, Enrolment, KeyFigures, StaffMembership
from programmes.services import contact_person_create, key_figures_create, participant_add
from tests.programmes.factories import (
    OSLO,
    enrol,
    make_company,
    make_event,
    municipality,
    organisation_number,
)

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


@pytest.fixture
def company(staff_of_rorosregionen):
    company = make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS", place="tynset")
    contact_person_create(company=company, name="Kari Haugen", role="daglig leder")
    key_figures_create(company=company, year=2016, employees=7, revenue=Decimal("1500000"))
    enrol(company, date(2016, 3, 1))
    return company


def page_urls(company) -> dict[str, str]:
    contact = company.contact_persons.get()
    figures = company.key_figures.get()
    enrolment = company.enrolments.get()
    base = f"/companies/{company.pk}"
    return {
        "list": "/companies/",
        "create": "/companies/new/",
        "detail": f"{base}/",
        "edit": f"{base}/edit/",
        "contact-create": f"{base}/contacts/new/",
        "contact-edit": f"{base}/contacts/{contact.pk}/edit/",
        "contact-delete": f"{base}/contacts/{contact.pk}/delete/",
        "figures-create": f"{base}/key-figures/new/",
        "figures-edit": f"{base}/key-figures/{figures.pk}/edit/",
        "figures-delete": f"{base}/key-figures/{figures.pk}/delete/",
        "enrolment-create": f"{base}/enrolments/new/",
        "enrolment-edit": f"{base}/enrolments/{enrolment.pk}/edit/",
    }


PAGES = [
    "list",
    "create",
    "detail",
    "edit",
    "contact-create",
    "contact-edit",
    "contact-delete",
    "figures-create",
    "figures-edit",
    "figures-delete",
    "enrolment-create",
    "enrolment-edit",
]
OWN_ROWS = [page for page in PAGES if page not in ("list", "create")]


# --- Permission ladder ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, company, page):
    response = client.get(page_urls(company)[page])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_staff_role_is_refused(user_without_role, company, page):
    StaffMembership.objects.create(user=user_without_role, naeringshage=company.naeringshage)
    client = Client()
    client.force_login(user_without_role)

    assert client.get(page_urls(company)[page]).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_an_adviser_without_a_naeringshage_is_refused(company, django_user_model, page):
    loner = django_user_model.objects.create_user("ensom", password="x")
    loner.groups.add(Group.objects.get(name=ADVISER))
    client = Client()
    client.force_login(loner)

    assert client.get(page_urls(company)[page]).status_code == 403


@pytest.mark.parametrize("staff_client", ["adviser_client", "manager_client"])
@pytest.mark.parametrize("page", PAGES)
def test_advisers_and_managers_open_every_page(request, company, staff_client, page):
    response = request.getfixturevalue(staff_client).get(page_urls(company)[page])

    assert response.status_code == 200


def test_a_post_by_a_user_without_a_role_changes_nothing(user_without_role, company):
    StaffMembership.objects.create(user=user_without_role, naeringshage=company.naeringshage)
    client = Client()
    client.force_login(user_without_role)

    response = client.post(page_urls(company)["contact-delete"])

    assert response.status_code == 403
    assert ContactPerson.objects.exists()


def test_the_navigation_offers_companies_to_staff_only(adviser_client, user_without_role, company):
    other = Client()
    other.force_login(user_without_role)

    assert 'href="/companies/"' in text(adviser_client.get("/"))
    assert 'href="/companies/"' not in text(other.get("/"))


# --- Scoping --------------------------------------------------------------------------


@pytest.mark.parametrize("page", OWN_ROWS)
def test_another_naeringshages_company_is_not_found(
    adviser_client, company, other_naeringshage, page
):
    theirs = make_company(other_naeringshage, 2, name="Hemmelig AS")
    contact_person_create(company=theirs, name="Skjult Person")
    key_figures_create(company=theirs, year=2016, employees=1)
    enrol(theirs, date(2016, 1, 1))

    assert adviser_client.get(page_urls(theirs)[page]).status_code == 404
    assert "Hemmelig AS" not in text(adviser_client.get("/companies/"))


def test_a_part_is_not_reached_through_another_company(adviser_client, company):
    other = make_company(company.naeringshage, 2)
    contact = company.contact_persons.get()

    response = adviser_client.get(f"/companies/{other.pk}/contacts/{contact.pk}/edit/")

    assert response.status_code == 404


# --- The list -------------------------------------------------------------------------


def names_listed(response) -> list[str]:
    return [company.name for company in response.context["page"].object_list]


@pytest.fixture
def listed(company):
    """Fjellbakst AS (Tynset, målbedrift from 2016) and three more."""
    roros = company.naeringshage
    member = make_company(roros, 2, name="Lyngtind Sag AS", place="roros")
    enrol(member, date(2014, 5, 1), date(2015, 12, 31), kind="member")
    ended = make_company(roros, 3, name="Myrkoll Regnskap AS", place="os")
    enrol(ended, date(2017, 1, 1), kind="other")
    make_company(roros, 4, name="Kvitmyr Design AS", place="roros")
    return company


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["Fjellbakst AS", "Kvitmyr Design AS", "Lyngtind Sag AS", "Myrkoll Regnskap AS"]),
        ({"q": "sag"}, ["Lyngtind Sag AS"]),
        ({"q": organisation_number(3)}, ["Myrkoll Regnskap AS"]),
        ({"q": "900 000 2"}, ["Fjellbakst AS"]),
        ({"kind": "target"}, ["Fjellbakst AS"]),
        ({"kind": "member"}, ["Lyngtind Sag AS"]),
        ({"year": "2015"}, ["Lyngtind Sag AS"]),
        ({"year": "2016"}, ["Fjellbakst AS"]),
        ({"kind": "member", "year": "2016"}, []),
        ({"year": "2017", "q": "myr"}, ["Myrkoll Regnskap AS"]),
    ],
)
def test_the_list_searches_and_filters(adviser_client, listed, query, names):
    response = adviser_client.get("/companies/", query)

    assert response.status_code == 200
    assert names_listed(response) == names


def test_the_list_filters_by_municipality(adviser_client, listed):
    response = adviser_client.get("/companies/", {"municipality": municipality("roros").pk})

    assert names_listed(response) == ["Kvitmyr Design AS", "Lyngtind Sag AS"]


def test_the_list_shows_number_municipality_and_latest_enrolment(adviser_client, listed):
    page = text(adviser_client.get("/companies/"))

    assert organisation_number(1)[:3] + " " in page  # grouped: “900 000 2…”
    assert "Tynset" in page
    assert "Målbedrift" in page
    assert "(avsluttet 31.12.2015)" in page
    assert "4 bedrifter" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "tjuesøtten"}, "Året må skrives med fire sifre"),
        ({"kind": "vip"}, "Velg en av typene i listen."),
        ({"municipality": "999999"}, "Velg en av kommunene i listen."),
    ],
)
def test_bad_filters_get_a_norwegian_message_not_a_500(adviser_client, company, query, message):
    response = adviser_client.get("/companies/", query)

    assert response.status_code == 400
    assert message in text(response)


def test_no_match_says_so(adviser_client, company):
    assert "Ingen bedrift passer" in text(adviser_client.get("/companies/", {"q": "zzz"}))


def _bulk_companies(naeringshage, count: int, start: int = 100) -> None:
    tynset = municipality("tynset")
    companies = Company.objects.bulk_create(
        Company(
            naeringshage=naeringshage,
            organisation_number=organisation_number(serial),
            name=f"Massebedrift {serial:04d} AS",
            municipality=tynset,
        )
        for serial in range(start, start + count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(company=company, kind="member", start_date=date(2015, 1, 1))
        for company in companies
    )
    page_cache.mark_changed([naeringshage.pk])  # bulk_create sends no signal


def test_the_list_is_paginated_by_50_keeping_the_filters(adviser_client, company):
    _bulk_companies(company.naeringshage, 60)

    first = adviser_client.get("/companies/", {"kind": "member"})
    assert len(first.context["page"].object_list) == 50
    assert "?kind=member&amp;page=2" in text(first)
    assert "Side 1 av 2" in text(first)

    second = adviser_client.get("/companies/", {"kind": "member", "page": "2"})
    assert len(second.context["page"].object_list) == 10
    assert adviser_client.get("/companies/", {"page": "abc"}).status_code == 200


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_takes_as_many_queries_for_100_rows_as_for_10(
    adviser_client, staff_of_rorosregionen, django_assert_max_num_queries
):
    _bulk_companies(staff_of_rorosregionen, 10)
    few = queries_for(adviser_client, "/companies/?page=1")
    _bulk_companies(staff_of_rorosregionen, 90, start=500)
    # 50 rows a page: the page shows 50 of the 100; without paging it would be 100.
    many = queries_for(adviser_client, "/companies/?page=1")
    many_filtered = queries_for(adviser_client, "/companies/?kind=member&year=2016&q=masse")

    assert many == few
    # A search reads the names once more on SQLite, for its one-typo match in Python
    # (programmes.selectors.search); PostgreSQL compares them in the same query.
    assert many_filtered == few + (connection.vendor != "postgresql")
    # 13: with the two-factor check (does the adviser have an authenticator app?)
    with django_assert_max_num_queries(13):
        adviser_client.get("/companies/")


def test_the_detail_page_takes_a_fixed_number_of_queries(
    adviser_client, adviser, company, django_assert_max_num_queries
):
    url = f"/companies/{company.pk}/"
    few = queries_for(adviser_client, url)
    for number in range(10):
        contact_person_create(company=company, name=f"Person {number}")
        key_figures_create(company=company, year=2000 + number, employees=number)
        event = make_event(company.naeringshage, adviser, title=f"Forum {number}")
        participant_add(event=event, name=f"Person {number}", company=company)
    many = queries_for(adviser_client, url)

    assert many == few
    # 17: with the two-factor check (does the adviser have an authenticator app?)
    with django_assert_max_num_queries(17):
        adviser_client.get(url)


# --- The detail page ------------------------------------------------------------------


def test_the_detail_page_shows_facts_enrolments_figures_contacts_and_events(
    adviser_client, adviser, company
):
    event = make_event(company.naeringshage, adviser, title="KompetanseForum: Lokalmat")
    participant_add(event=event, name="Kari Haugen", company=company)

    page = text(adviser_client.get(f"/companies/{company.pk}/"))

    assert "<h1" in page and "Fjellbakst AS</h1>" in page
    assert company.organisation_number_display in page
    assert "Målbedrift (fra 01.03.2016)" in page
    assert "1 500 000 kr" in page
    assert "Kari Haugen" in page
    assert "daglig leder" in page
    assert "KompetanseForum: Lokalmat" in page


@pytest.mark.parametrize(
    ("today", "enrolled_now"),
    [
        (date(2016, 2, 29), "Nei"),
        (date(2016, 3, 1), "Målbedrift (01.03.2016–31.12.2016)"),
        (date(2017, 1, 1), "Medlemsbedrift (fra 01.01.2017)"),
    ],
)
def test_the_detail_page_says_how_the_company_is_enrolled_today(
    adviser_client, company, today, enrolled_now
):
    enrolment = company.enrolments.get()
    enrolment.end_date = date(2016, 12, 31)
    enrolment.save()
    enrol(company, date(2017, 1, 1), kind="member")

    with time_machine.travel(datetime.combine(today, time(12), tzinfo=OSLO), tick=False):
        page = text(adviser_client.get(f"/companies/{company.pk}/"))

    assert f"<dt>Innmeldt nå</dt><dd>{enrolled_now}</dd>" in page


# --- Registering and editing a company ------------------------------------------------


def company_post(**overrides) -> dict:
    data = {
        "organisation_number": "912 345 688",
        "name": "Glimmerdal Ysteri AS",
        "municipality": municipality("tolga").pk,
        "address": "Meieriveien 2",
        "nace_code": "10.510",
        "women_in_leadership": "yes",
    }
    data.update(overrides)
    return data


def test_an_adviser_registers_a_company(adviser_client, staff_of_rorosregionen):
    response = adviser_client.post("/companies/new/", company_post())

    company = Company.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/companies/{company.pk}/"
    assert company.organisation_number == "912345688"
    assert company.naeringshage == staff_of_rorosregionen
    assert "Glimmerdal Ysteri AS ble registrert" in text(adviser_client.get(response["Location"]))


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"organisation_number": "123 456 789"}, "kontrollsifferet (det siste sifferet) er 9"),
        ({"organisation_number": "12345678"}, "har 8 sifre"),
        ({"organisation_number": ""}, "Skriv inn organisasjonsnummeret"),
        ({"name": ""}, "Skriv inn bedriftens navn"),
        ({"municipality": ""}, "Velg kommunen der bedriften er registrert"),
        ({"municipality": "999999"}, "Velg en av kommunene i listen"),
        ({"nace_code": "55x10"}, "NACE-koden"),
        ({"organisation_number": "000 000 000"}, "begynner med 8 eller 9"),
        ({"name": "Fjell\u202ebakst AS"}, "usynlig tegn (U+202E)"),
        ({"name": "Fjell\x07bakst AS"}, "usynlig kontrolltegn (U+0007)"),
        ({"address": "Meieriveien\n2"}, "usynlig kontrolltegn (U+000A)"),
    ],
)
def test_bad_company_input_is_refused_on_the_field(
    adviser_client, staff_of_rorosregionen, overrides, field_message
):
    response = adviser_client.post("/companies/new/", company_post(**overrides))

    assert response.status_code == 200
    assert field_message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert not Company.objects.exists()


def test_a_duplicate_company_is_refused_on_the_page(adviser_client, company):
    response = adviser_client.post(
        "/companies/new/", company_post(organisation_number=company.organisation_number_display)
    )

    assert "allerede registrert, for Fjellbakst AS" in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert Company.objects.count() == 1


def test_an_adviser_edits_a_company(adviser_client, company):
    response = adviser_client.post(
        f"/companies/{company.pk}/edit/",
        company_post(organisation_number=company.organisation_number, name="Fjellbakst og Co AS"),
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Fjellbakst og Co AS"
    assert company.municipality.slug == "tolga"


def test_a_refused_edit_keeps_the_stored_name_in_the_heading(adviser_client, company):
    response = adviser_client.post(
        f"/companies/{company.pk}/edit/", company_post(organisation_number="1", name="Feil AS")
    )

    assert "Endre Fjellbakst AS" in text(response)
    company.refresh_from_db()
    assert company.name == "Fjellbakst AS"


def test_the_edit_page_offers_the_contact_persons_and_key_figures(adviser_client, company):
    page = text(adviser_client.get(f"/companies/{company.pk}/edit/"))

    assert f"/companies/{company.pk}/contacts/new/" in page
    assert f"/companies/{company.pk}/key-figures/new/" in page
    assert "Kari Haugen" in page


def test_mutations_need_post(adviser_client, company):
    urls = page_urls(company)
    assert adviser_client.put(urls["edit"]).status_code == 405
    assert adviser_client.delete(urls["contact-delete"]).status_code == 405


# --- Contact persons, key figures, enrolments ------------------------------------------


def test_a_contact_person_is_added_edited_and_deleted(adviser_client, company):
    base = f"/companies/{company.pk}/contacts"
    added = adviser_client.post(
        f"{base}/new/",
        {
            "name": "Ola Moen",
            "role": "styreleder",
            "email": "ola@x.example",
            "phone": "62 48 00 00",
        },
    )
    assert added.status_code == 302
    assert added["Location"] == f"/companies/{company.pk}/#contacts"
    ola = company.contact_persons.get(name="Ola Moen")

    adviser_client.post(
        f"{base}/{ola.pk}/edit/", {"name": "Ola Moen", "role": "daglig leder", "email": ""}
    )
    ola.refresh_from_db()
    assert ola.role == "daglig leder"

    confirm = text(adviser_client.get(f"{base}/{ola.pk}/delete/"))
    assert "Slette Ola Moen, kontaktperson for Fjellbakst AS?" in confirm
    deleted = adviser_client.post(f"{base}/{ola.pk}/delete/")
    assert deleted.status_code == 302
    assert not company.contact_persons.filter(name="Ola Moen").exists()


def test_a_bad_email_is_refused_on_the_contact_form(adviser_client, company):
    response = adviser_client.post(
        f"/companies/{company.pk}/contacts/new/", {"name": "Ola", "email": "ola@"}
    )

    assert "Skriv en hel e-postadresse" in text(response)
    assert company.contact_persons.count() == 1


def test_key_figures_are_recorded_as_typed_in_kroner(adviser_client, company):
    response = adviser_client.post(
        f"/companies/{company.pk}/key-figures/new/",
        {"year": "2017", "employees": "9", "revenue": "2 300 000,50", "value_creation": "-5 000"},
    )

    assert response.status_code == 302
    figures = company.key_figures.get(year=2017)
    assert figures.revenue == Decimal("2300000.50")
    assert figures.value_creation == Decimal("-5000")
    assert "2 300 000,50 kr" in text(adviser_client.get(f"/companies/{company.pk}/"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2017", "employees": "-3"}, "Antall ansatte kan ikke være negativt."),
        ({"year": "2017", "revenue": "-1"}, "Omsetningen kan ikke være negativ."),
        ({"year": "2017", "revenue": "mye"}, "Skriv beløpet i kroner"),
        ({"year": "2016", "employees": "3"}, "Bedriften har allerede nøkkeltall for 2016."),
        ({"year": "2017"}, "Fyll inn minst ett tall"),
    ],
)
def test_bad_key_figures_are_refused(adviser_client, company, data, message):
    response = adviser_client.post(f"/companies/{company.pk}/key-figures/new/", data)

    assert response.status_code == 200
    assert message in text(response)
    assert KeyFigures.objects.count() == 1


def test_key_figures_are_edited_and_deleted(adviser_client, company):
    figures = company.key_figures.get()
    url = f"/companies/{company.pk}/key-figures/{figures.pk}"
    assert "1 500 000" in text(adviser_client.get(f"{url}/edit/"))

    adviser_client.post(f"{url}/edit/", {"year": "2016", "employees": "8", "revenue": "1 500 000"})
    figures.refresh_from_db()
    assert figures.employees == 8

    adviser_client.post(f"{url}/delete/")
    assert not company.key_figures.exists()


def test_an_enrolment_is_recorded_and_edited(adviser_client, company):
    enrolment = company.enrolments.get()
    adviser_client.post(
        f"/companies/{company.pk}/enrolments/{enrolment.pk}/edit/",
        {"kind": "target", "start_date": "2016-03-01", "end_date": "2016-12-31"},
    )
    enrolment.refresh_from_db()
    assert enrolment.end_date == date(2016, 12, 31)

    response = adviser_client.post(
        f"/companies/{company.pk}/enrolments/new/",
        {"kind": "member", "start_date": "2017-01-01", "goals": "Vekst", "contract_reference": ""},
    )

    assert response.status_code == 302
    assert company.enrolments.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "member", "start_date": "2016-06-01"}, "overlapper bedriftens innmelding"),
        (
            {"kind": "member", "start_date": "2015-01-01", "end_date": "2014-01-01"},
            "Sluttdatoen (01.01.2014) kan ikke være før avtalestart (01.01.2015).",
        ),
        ({"kind": "", "start_date": "2018-01-01"}, "Velg type innmelding."),
        ({"kind": "member", "start_date": "31.02.2018"}, "Skriv datoen"),
    ],
)
def test_bad_enrolments_are_refused_on_the_page(adviser_client, company, data, message):
    response = adviser_client.post(f"/companies/{company.pk}/enrolments/new/", data)

    assert response.status_code == 200
    assert message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert company.enrolments.count() == 1

"""The contacts for Siva's satisfaction survey: the leader of each target company
current on a day, the companies missing a leader's e-mail, and the page and its files."""

import csv
import io
from datetime import date
from html import unescape

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from programmes.selectors import survey_contacts
from programmes.selectors.survey import NO_CONTACT, NO_EMAIL, is_leader_role
from programmes.services import contact_person_create
from tests.programmes.factories import enrol, make_company, oslo

URL = "/companies/survey/"
DAY = date(2026, 12, 4)
FORMULA = '=HYPERLINK("https://evil.example","Klikk")'
NBSP = "\u00a0"

# The page's own words, in Norwegian once locale/ has them (their msgids until then).
NO_EMAIL_TEXT = "The contact person has no e-mail."
NO_CONTACT_TEXT = "No contact person is registered."


def text(response) -> str:
    return unescape(response.content.decode()).replace(NBSP, " ")


def target(naeringshage, serial: int, name: str, *contacts: dict, start=date(2020, 1, 1), end=None):
    company = make_company(naeringshage, serial, name=name)
    enrol(company, start, end)
    for contact in contacts:
        contact_person_create(company=company, **contact)
    return company


@pytest.fixture
def world(staff_of_rorosregionen, other_naeringshage):
    roros = staff_of_rorosregionen
    return {
        "fjellbakst": target(
            roros,
            1,
            "Fjellbakst AS",
            {"name": "Anne Berg", "role": "styreleder", "email": "anne@fjellbakst.no"},
            {"name": "Kari Haugen", "role": "Daglig leder", "email": "kari@fjellbakst.no"},
        ),
        "bakeriet": target(
            roros,
            2,
            "Bakeriet AS",
            # The general manager is the leader even without an e-mail: the staff ask for it.
            {"name": "Ola Moen", "role": "daglig leder"},
            {"name": "Aud Moen", "role": "styreleder", "email": "aud@bakeriet.no"},
        ),
        "tomt": target(roros, 3, "Tomt AS"),
        "uten_rolle": target(
            roros,
            4,
            "Uten Rolle AS",
            {"name": "Bjørn Dahl"},
            {"name": "Cecilie Dahl", "email": "cecilie@utenrolle.no"},
        ),
        "lure": target(
            roros, 5, "Lure AS", {"name": FORMULA, "role": "CEO", "email": "lure@lure.no"}
        ),
        "ended": target(
            roros,
            6,
            "Ferdig AS",
            {"name": "Per Ferdig", "role": "daglig leder", "email": "per@ferdig.no"},
            start=date(2016, 1, 1),
            end=date(2026, 12, 3),
        ),
        "member": _member(roros),
        "theirs": target(
            other_naeringshage,
            8,
            "Hemmelig Bedrift AS",
            {"name": "Hemmelig Leder", "role": "daglig leder", "email": "leder@hemmelig.no"},
        ),
    }


def _member(naeringshage):
    company = make_company(naeringshage, 7, name="Medlem AS")
    enrol(company, date(2020, 1, 1), kind="member")
    contact_person_create(company=company, name="Mia Medlem", email="mia@medlem.no")
    return company


# --- The selector --------------------------------------------------------------------------


def test_it_lists_current_target_companies_with_their_leaders_and_the_missing_ones(
    world, staff_of_rorosregionen
):
    survey = survey_contacts(naeringshage=staff_of_rorosregionen, day=DAY)

    assert survey.day == DAY
    assert [(row.company.name, row.leader.name, row.leader.email) for row in survey.contacts] == [
        ("Fjellbakst AS", "Kari Haugen", "kari@fjellbakst.no"),
        ("Lure AS", FORMULA, "lure@lure.no"),
        ("Uten Rolle AS", "Cecilie Dahl", "cecilie@utenrolle.no"),
    ]
    assert [
        (row.company.name, row.leader and row.leader.name, row.reason) for row in survey.missing
    ] == [
        ("Bakeriet AS", "Ola Moen", NO_EMAIL),
        ("Tomt AS", None, NO_CONTACT),
    ]
    assert survey.missing[0].reason_label == gettext(NO_EMAIL_TEXT)
    assert survey.missing[1].reason_label == gettext(NO_CONTACT_TEXT)


def test_an_enrolment_ending_on_the_day_counts_and_one_ended_before_does_not(
    world, staff_of_rorosregionen
):
    on_its_last_day = survey_contacts(naeringshage=staff_of_rorosregionen, day=date(2026, 12, 3))
    names = [row.company.name for row in on_its_last_day.contacts]
    assert "Ferdig AS" in names and "Medlem AS" not in names and "Hemmelig Bedrift AS" not in names


def test_it_defaults_to_today_in_oslo(world, staff_of_rorosregionen):
    # 23:30 UTC on 3 December is 00:30 on 4 December in Oslo: Ferdig AS has ended.
    with time_machine.travel(oslo(2026, 12, 4, 0, 30), tick=False):
        survey = survey_contacts(naeringshage=staff_of_rorosregionen)
    assert survey.day == DAY
    assert "Ferdig AS" not in [row.company.name for row in survey.contacts]


@pytest.mark.parametrize(
    ("role", "leader"),
    [
        ("daglig leder", True),
        ("Daglig leder og eier", True),
        ("Dagleg leiar", True),
        ("General manager", True),
        ("CEO", True),
        ("Adm. dir.", True),
        ("Administrerende direktør", True),
        ("styreleder", False),
        ("nestleder", False),
        ("", False),
    ],
)
def test_it_knows_a_leader_by_the_role(role, leader):
    assert is_leader_role(role) is leader


def test_the_selector_takes_five_queries_whatever_the_number_of_companies(
    world, staff_of_rorosregionen, django_assert_num_queries
):
    # Enrolments with their companies, contact persons, municipalities' numbering,
    # counties, counties' numbering.
    with django_assert_num_queries(5):
        survey = survey_contacts(naeringshage=staff_of_rorosregionen, day=DAY)
        [str(row.company.municipality) for row in survey.contacts + survey.missing]


# --- The page ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["adviser", "manager"])
def test_advisers_and_managers_see_the_contacts_and_the_missing_ones(request, world, role):
    client = request.getfixturevalue(f"{role}_client")
    response = client.get(URL, {"date": "04.12.2026"})

    assert response.status_code == 200
    page = text(response)
    assert "Kari Haugen" in page and "kari@fjellbakst.no" in page
    assert "Anne Berg" not in page  # the chair is not the leader
    assert world["fjellbakst"].organisation_number_display in page  # "9xx xxx xxx"
    assert f'href="/companies/{world["fjellbakst"].pk}/"' in page
    assert f'href="/companies/{world["tomt"].pk}/#contacts"' in page
    assert gettext(NO_CONTACT_TEXT) in page and gettext(NO_EMAIL_TEXT) in page
    for absent in ("Ferdig AS", "Medlem AS", "Hemmelig Bedrift AS"):
        assert absent not in page
    assert "?date=04.12.2026&format=csv" in page and "?date=04.12.2026&format=xlsx" in page


def test_the_company_list_links_to_the_page(adviser_client, staff_of_rorosregionen):
    assert f'href="{URL}"' in text(adviser_client.get("/companies/"))


def test_the_page_is_for_staff_only(client, user_without_role, staff_of_rorosregionen):
    assert client.get(URL).status_code == 302  # to the login
    client.force_login(user_without_role)
    assert client.get(URL).status_code == 403


def test_without_a_date_the_page_shows_today(adviser_client, world):
    with time_machine.travel(oslo(2026, 12, 4, 12, 0), tick=False):
        page = text(adviser_client.get(URL))
    assert "04.12.2026" in page and "Kari Haugen" in page and "Ferdig AS" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "31.02.2026"}, "Skriv datoen, som «01.03.2016»."),
        ({"date": "i morgen"}, "Skriv datoen, som «01.03.2016»."),
        ({"date": "01.01.1800"}, "Datoen må være mellom 01.01.1990 og 31.12.2100."),
        ({"date": "04.12.2026", "format": "pdf"}, "Ask for the file as CSV or XLSX."),
        ({"date": "31.02.2026", "format": "csv"}, "Skriv datoen, som «01.03.2016»."),
    ],
)
def test_a_bad_date_or_format_gets_a_norwegian_400_page(adviser_client, world, query, message):
    response = adviser_client.get(URL, query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = text(response)
    assert "Det er noe som må rettes" in page and gettext(message) in page
    assert "Traceback" not in page and "Kari Haugen" not in page


# --- The files -----------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))


def test_the_csv_holds_the_contacts_formula_safe(adviser_client, world):
    response = adviser_client.get(URL, {"date": "04.12.2026", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="undersokelse-kontakter-2026-12-04.csv"'
    )
    header, *rows = csv_rows(response)
    assert header == ["Organisasjonsnummer", "Bedrift", gettext("Leader"), "E-post", "Kommune"]
    fjellbakst, lure, uten_rolle = world["fjellbakst"], world["lure"], world["uten_rolle"]
    assert rows == [
        [fjellbakst.organisation_number_display, "Fjellbakst AS", "Kari Haugen",
         "kari@fjellbakst.no", "Røros"],
        [lure.organisation_number_display, "Lure AS", "'" + FORMULA, "lure@lure.no", "Røros"],
        [uten_rolle.organisation_number_display, "Uten Rolle AS", "Cecilie Dahl",
         "cecilie@utenrolle.no", "Røros"],
    ]  # fmt: skip
    assert " " in rows[0][0]  # "9xx xxx xxx", as the pages write it


def test_the_xlsx_has_the_contacts_and_the_missing_ones(adviser_client, world):
    response = adviser_client.get(URL, {"date": "04.12.2026", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="undersokelse-kontakter-2026-12-04.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [gettext("Contacts"), gettext("Missing")]
    contacts_sheet, missing_sheet = book.worksheets
    contacts = list(contacts_sheet.iter_rows(values_only=True))
    leader = gettext("Leader")
    assert contacts[0] == ("Organisasjonsnummer", "Bedrift", leader, "E-post", "Kommune")
    assert [row[1:4] for row in contacts[1:]] == [
        ("Fjellbakst AS", "Kari Haugen", "kari@fjellbakst.no"),
        ("Lure AS", FORMULA, "lure@lure.no"),  # a string, never a formula
        ("Uten Rolle AS", "Cecilie Dahl", "cecilie@utenrolle.no"),
    ]
    assert contacts_sheet["C3"].data_type == "s"
    missing = list(missing_sheet.iter_rows(values_only=True))
    assert missing[0] == ("Organisasjonsnummer", "Bedrift", leader, "Begrunnelse", "Kommune")
    assert [row[1:4] for row in missing[1:]] == [
        ("Bakeriet AS", "Ola Moen", gettext(NO_EMAIL_TEXT)),
        ("Tomt AS", None, gettext(NO_CONTACT_TEXT)),
    ]


# --- What it costs -------------------------------------------------------------------------


def get(client, query: dict):
    response = client.get(URL, query)
    assert response.status_code == 200
    if response.streaming:  # read to the end, as a server would: its file is closed
        b"".join(response.streaming_content)
    return response


def queries_for(client, query: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        get(client, query)
    return len(context.captured_queries)


@pytest.mark.parametrize("file_format", ["", "csv", "xlsx"])
def test_the_page_and_files_take_as_many_queries_for_ten_companies_as_for_two(
    adviser_client, staff_of_rorosregionen, django_assert_max_num_queries, file_format
):
    query = {"date": "04.12.2026", "format": file_format}
    for serial in (1, 2):
        leader = {"name": f"Leder {serial}", "role": "daglig leder", "email": f"l{serial}@x.no"}
        target(staff_of_rorosregionen, serial, f"Bedrift {serial}", leader)
    few = queries_for(adviser_client, query)
    for serial in range(3, 11):
        contact = {"name": f"Leder {serial}", "email": f"l{serial}@x.no"} if serial % 2 else {}
        target(staff_of_rorosregionen, serial, f"Bedrift {serial}", *([contact] if contact else []))

    with django_assert_max_num_queries(few):
        get(adviser_client, query)
    # Session, user (with its næringshage), authenticator app (two-factor), roles,
    # then the survey's five.
    with django_assert_max_num_queries(9):
        get(adviser_client, query)

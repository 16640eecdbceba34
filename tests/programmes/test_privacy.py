"""One person's data: the manager finds their contact person rows and participations,
exports them as JSON and erases them; the counts of events stay right."""

import json
import logging
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ContactPerson, Participant
from programmes.selectors import event_detail
from tests.programmes.factories import make_company, make_event, oslo

NBSP = "\u00a0"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


@pytest.fixture
def people(staff_of_rorosregionen, other_naeringshage, adviser):
    """Kari Østby is a contact person at Fjellbakst and took part in two events (once
    for Fjellbakst); another Kari is someone else; the other næringshage has a Kari
    Østby too."""
    roros = staff_of_rorosregionen
    fjellbakst = make_company(roros, 1, name="Fjellbakst AS")
    sag = make_company(roros, 2, name="Tynset Sag AS", place="tynset")
    kari = ContactPerson.objects.create(
        company=fjellbakst, name="Kari Østby", role="daglig leder", email="kari@fjellbakst.no"
    )
    other_kari = ContactPerson.objects.create(company=sag, name="Kari Hansen")
    forum = make_event(roros, adviser)
    course = make_event(
        roros, adviser, title="Kurs i regnskap", starts_at=oslo(2017, 3, 2, 9), ends_at=None
    )
    at_forum = Participant.objects.create(
        event=forum, name="Kari Østby", company=fjellbakst, email="kari@fjellbakst.no"
    )
    at_course = Participant.objects.create(event=course, name="Kari  Østby")
    colleague = Participant.objects.create(event=forum, name="Per Berg", company=fjellbakst)
    elsewhere = make_company(other_naeringshage, 3, name="Annen Bedrift AS")
    stranger = ContactPerson.objects.create(
        company=elsewhere, name="Kari Østby", email="kari@fjellbakst.no"
    )
    return {
        "kari": kari,
        "other_kari": other_kari,
        "forum": forum,
        "at_forum": at_forum,
        "at_course": at_course,
        "colleague": colleague,
        "stranger": stranger,
    }


def test_the_manager_finds_a_persons_rows_by_name_or_email(manager_client, people):
    page = text(manager_client.get("/people/", {"q": "kari østby"}))
    assert "Kari Østby Fjellbakst AS daglig leder kari@fjellbakst.no" in page
    assert "Kurs i regnskap" in page and "KompetanseForum: Eierskifte" in page
    assert "Kari Hansen" not in page and "Per Berg" not in page
    assert "Annen Bedrift AS" not in page  # another næringshage's Kari never shows

    by_email = text(manager_client.get("/people/", {"q": "KARI@fjellbakst.no"}))
    assert "Fjellbakst AS daglig leder" in by_email and "Kurs i regnskap" not in by_email


def test_a_search_needs_two_letters(manager_client, people):
    response = manager_client.get("/people/", {"q": " k "})
    assert response.status_code == 400
    assert "Skriv minst to bokstaver." in text(response)


def test_the_export_holds_everything_kept_about_the_chosen_rows(manager_client, people):
    response = manager_client.get(
        "/people/export.json",
        {
            "contact": [people["kari"].pk],
            "participant": [people["at_forum"].pk, people["at_course"].pk],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["naeringshage"] == "Rørosregionen Næringshage AS"
    assert document["contact_persons"] == [
        {
            "name": "Kari Østby",
            "role": "daglig leder",
            "email": "kari@fjellbakst.no",
            "phone": "",
            "company": "Fjellbakst AS",
            "organisation_number": people["kari"].company.organisation_number,
        }
    ]
    events = sorted(row["event"] for row in document["event_participations"])
    assert events == ["KompetanseForum: Eierskifte", "Kurs i regnskap"]
    forum = next(
        row for row in document["event_participations"] if row["event"].startswith("Kompetanse")
    )
    assert forum["event_starts_at"] == "2016-09-22T09:00:00+02:00"
    assert forum["company"] == "Fjellbakst AS" and forum["email"] == "kari@fjellbakst.no"


def test_erasure_deletes_contacts_and_anonymises_participations(manager_client, people, caplog):
    chosen = {
        "contact": [people["kari"].pk],
        "participant": [people["at_forum"].pk, people["at_course"].pk],
    }
    confirm = manager_client.get("/people/erase/", chosen)
    assert confirm.status_code == 200
    assert "kan ikke angres" in text(confirm)
    assert ContactPerson.objects.filter(pk=people["kari"].pk).exists()  # not yet

    with caplog.at_level(logging.INFO, logger="programmes.services.privacy"):
        response = manager_client.post("/people/erase/", chosen)
    assert response.status_code == 302

    assert not ContactPerson.objects.filter(pk=people["kari"].pk).exists()
    at_forum = Participant.objects.get(pk=people["at_forum"].pk)
    assert (at_forum.name, at_forum.email) == (f"Slettet person {at_forum.pk}", "")
    assert at_forum.company == people["kari"].company  # the company's count stays
    # The event still counts two participants from one company.
    detail = event_detail(naeringshage=people["forum"].naeringshage, pk=people["forum"].pk)
    assert (detail.participant_count, detail.company_count) == (2, 1)
    # Nobody else is touched; the log says who erased and how much, not whom.
    assert ContactPerson.objects.filter(pk=people["other_kari"].pk).exists()
    assert ContactPerson.objects.get(pk=people["stranger"].pk).name == "Kari Østby"
    assert Participant.objects.get(pk=people["colleague"].pk).name == "Per Berg"
    assert "1 contact persons deleted, 2 participants anonymised" in caplog.text
    assert "Østby" not in caplog.text
    assert "Kari Østby" not in text(manager_client.get("/people/", {"q": "kari østby"}))


def test_two_erased_people_at_one_event_from_one_company_stay_two(manager_client, people):
    manager_client.post(
        "/people/erase/", {"participant": [people["at_forum"].pk, people["colleague"].pk]}
    )
    names = set(Participant.objects.filter(event=people["forum"]).values_list("name", flat=True))
    assert len(names) == 2 and all(name.startswith("Slettet person ") for name in names)


def test_another_naeringshages_rows_cannot_be_chosen(manager_client, people):
    response = manager_client.post("/people/erase/", {"contact": [people["stranger"].pk]})
    assert response.status_code == 400
    assert ContactPerson.objects.get(pk=people["stranger"].pk).name == "Kari Østby"
    response = manager_client.get("/people/export.json", {"contact": [people["stranger"].pk]})
    assert response.status_code == 400


@pytest.mark.parametrize("chosen", ["9223372036854775808", "-9223372036854775809", "abc"])
def test_an_id_no_row_can_have_is_refused_not_a_500(manager_client, people, chosen):
    """Past 64 bits SQLite could not compare the id at all."""
    data = {"contact": [people["kari"].pk, chosen]}

    erased = manager_client.post("/people/erase/", data)
    exported = manager_client.get("/people/export.json", data)

    assert erased.status_code == exported.status_code == 400
    assert ContactPerson.objects.filter(pk=people["kari"].pk).exists()


def test_nothing_chosen_is_refused_with_a_message(manager_client, people):
    response = manager_client.post("/people/erase/", {})
    assert response.status_code == 400
    assert "Velg radene som er denne personens" in text(response)


def test_personal_data_is_for_managers(adviser_client, client, people):
    for url in ("/people/?q=kari", f"/people/export.json?contact={people['kari'].pk}"):
        assert adviser_client.get(url).status_code == 403
    response = adviser_client.post("/people/erase/", {"contact": [people["kari"].pk]})
    assert response.status_code == 403
    assert ContactPerson.objects.filter(pk=people["kari"].pk).exists()
    assert client.get("/people/").status_code == 302


def test_the_search_costs_the_same_queries_with_more_matches(manager_client, people):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get("/people/", {"q": "kari"}).status_code == 200
        return len(captured)

    before = queries()
    company = people["kari"].company
    for number in range(15):
        ContactPerson.objects.create(company=company, name=f"Kari {number}")
    assert queries() == before


def test_the_retention_rule_anonymises_participants_after_five_years(people):
    import time_machine
    from django.core.management import call_command

    with time_machine.travel("2022-01-10 08:00 +01:00", tick=False):
        call_command("anonymise_old_participants", verbosity=0)  # 2016 < 2017: all go
    forum = Participant.objects.get(pk=people["at_forum"].pk)
    course = Participant.objects.get(pk=people["at_course"].pk)
    assert forum.name.startswith("Slettet person ") and forum.email == ""
    assert course.name == "Kari  Østby"  # 2017 is kept until the end of 2022
    assert ContactPerson.objects.filter(pk=people["kari"].pk).exists()

"""Event participants imported through the pages: each row one person and the event
they took part in, found by its title and day or created by the first row naming it
(through the event form and its service), the person added through participant_add
and skipped when already on the event."""

import io
from datetime import date, datetime

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from imports.models import Import
from programmes.models import Event, Participant
from programmes.services import participant_add
from tests.imports.conftest import csv_file
from tests.imports.test_import_pages import check, outcomes, text, upload
from tests.programmes.factories import make_company, make_event, municipality, oslo

HEADER = "Arrangement;Dato;Type;Kommune;Navn;E-post;Orgnr\n"
NETWORK = "Nettverksmøte for gründere"


def fields(item: Import) -> dict[int, list[str]]:
    return {row: at_fault for row, _action, _label, _message, at_fault in item.outcomes}


def test_participants_are_added_and_each_new_event_created_once(roros, manager_client, adviser):
    company = make_company(roros, 11, name="Fjellbakst AS")
    number = company.organisation_number
    forum = make_event(roros, adviser)  # KompetanseForum: Eierskifte, 22.09.2016
    participant_add(event=forum, name="Kari Haugen", email="kari@fjellbakst.no")
    sheet = csv_file(
        HEADER
        + f"{NETWORK};10.03.2016;nettverksmøte;Røros;Per Holm;per@example.no;{number}\n"
        + "nettverksmøte  for GRÜNDERE;2016-03-10;;;Ola Nordmann;;\n"
        + f"{NETWORK};10.03.2016;nettverksmøte;Røros;PER  HOLM;Per@Example.no;\n"
        + "kompetanseforum: eierskifte;22.09.2016;;;Kari Haugen;KARI@fjellbakst.no;\n"
        + f"KompetanseForum: Eierskifte;22.09.2016;;;Lise Berg;;{number}\n"
        + "Kurs i regnskap;11.03.2016;Kurs;Tynset;Nils Ukjent;;123456785\n"
        + "Kurs i regnskap;31.02.2016;Kurs;Tynset;Nils Dato;;\n"
        + "Kurs i regnskap;11.03.2016;Kurs;Tynset;Nils Holm;;\n",
        name="deltakere.csv",
    )
    item = upload(manager_client, "participants", sheet)
    assert item.mapping == {
        "0": "event_title",
        "1": "event_date",
        "2": "event_kind",
        "3": "municipality",
        "4": "name",
        "5": "email",
        "6": "organisation_number",
    }
    events, participants = Event.objects.count(), Participant.objects.count()

    item = check(manager_client, item)
    found = outcomes(item)
    assert found[2] == ("create", "Nytt arrangement.")
    assert found[3] == ("create", "")  # the same event: case and spacing aside
    assert found[4] == ("skip", "Allerede deltaker på arrangementet.")  # name and e-mail
    assert found[5] == ("skip", "Allerede deltaker på arrangementet.")  # known before
    assert found[6] == ("create", "")
    assert found[7] == (
        "refused",
        "Ingen bedrift her har organisasjonsnummeret «123456785»: importer bedriftene først.",
    )
    assert found[8] == ("refused", "Skriv datoen, som «01.03.2016».")
    assert found[9] == ("create", "Nytt arrangement.")
    assert item.counts == {"create": 4, "skip": 2, "refused": 2}
    assert item.outcomes[0][2] == f"{NETWORK} 10.03.2016: Per Holm"
    page = text(manager_client.get(f"/imports/{item.pk}/"))
    assert "G7" in page and "B8" in page  # the cells of the refusals
    # The check wrote nothing.
    assert (Event.objects.count(), Participant.objects.count()) == (events, participants)

    answer = manager_client.post(f"/imports/{item.pk}/import/", follow=True)
    assert "Importert: 4 opprettet, 0 oppdatert." in text(answer)
    network = Event.objects.get(title=NETWORK)  # once
    assert (network.kind, network.municipality, network.responsible.username) == (
        Event.Kind.NETWORK_MEETING, municipality("roros"), "leder"
    )  # fmt: skip
    assert network.starts_at == oslo(2016, 3, 10, 0, 0)
    assert [(p.name, p.email, p.company) for p in network.participants.order_by("name")] == [
        ("Ola Nordmann", "", None),
        ("Per Holm", "per@example.no", company),
    ]
    assert list(forum.participants.order_by("name").values_list("name", flat=True)) == [
        "Kari Haugen", "Lise Berg"
    ]  # fmt: skip
    course = Event.objects.get(title="Kurs i regnskap")
    assert (course.kind, course.municipality) == (Event.Kind.COURSE, municipality("tynset"))
    assert list(course.participants.values_list("name", flat=True)) == ["Nils Holm"]
    assert Event.objects.count() == events + 2


def workbook(sheets: dict[str, list[list]], name: str = "arrangementer.xlsx"):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_workbook_s_participants_sheet_is_read_through_the_event_form(roros, manager_client):
    rows = [
        ["Tittel", "Startdato", "Arrangementstype", "Kommune", "Deltaker", "E-post"],
        ["Frokostmøte", datetime(2016, 3, 10, 8, 30), "", "Os", "Kari Haugen", "ikke-e-post"],
        ["Frokostmøte", datetime(2016, 3, 10, 8, 30), "", "Os", "Kari Haugen", "kari@example.no"],
        ["Frokostmøte", date(2016, 3, 10), "", "", "Per Holm", ""],
        ["Sommerfest", date(2016, 6, 20), "Fest", "Røros", "Per Holm", ""],
        ["Sommerfest", date(2016, 6, 20), "", "", "Per Holm", ""],
        ["Sommerfest", "20.06.2016", "", "Oslo", "Per Holm", ""],
    ]
    sheets = {"Bedrifter": [["Orgnr", "Navn"]], "Deltakere": rows}
    item = upload(manager_client, "participants", workbook(sheets))
    assert item.sheet == "Deltakere"
    item = check(manager_client, item)
    found = outcomes(item)
    # A refused row is undone with its new event: the next row naming it creates it.
    assert found[2] == ("refused", "Skriv en hel e-postadresse, som «kari@example.no».")
    assert found[3] == ("create", "Nytt arrangement.")
    assert found[4] == ("create", "")  # the same day, the time aside
    assert found[5][0] == "refused" and found[5][1].startswith(
        "Ingen arrangementstype heter «Fest». Typene er: KompetanseForum, kurs"
    )
    assert found[6] == ("refused", "Velg kommunen der arrangementet ble holdt.")
    assert found[7] == ("refused", "Ingen kommune her heter eller har nummeret «Oslo».")
    assert fields(item)[2] == ["email"]
    assert fields(item)[5] == ["event_kind"]
    assert fields(item)[6] == ["municipality"]
    page = text(manager_client.get(f"/imports/{item.pk}/"))
    assert "F2" in page and "C5" in page and "D6" in page
    assert not Event.objects.filter(title="Frokostmøte").exists()

    # The import sees every row as the check did, the new event's too.
    manager_client.post(f"/imports/{item.pk}/import/")
    assert Import.objects.get(pk=item.pk).status == Import.Status.IMPORTED
    breakfast = Event.objects.get(title="Frokostmøte")
    assert (breakfast.kind, breakfast.municipality) == (Event.Kind.OTHER, municipality("os"))
    assert breakfast.starts_at == oslo(2016, 3, 10, 8, 30)
    assert breakfast.participants.count() == 2
    assert not Event.objects.filter(title="Sommerfest").exists()


def _check_queries(client, rows: int) -> int:
    """The queries of the check of a file of `rows` people at three events, one of them
    known before."""
    lines = [
        f"{title};{day};Kurs;Røros;Person {number};person{number}@example.no;"
        for number in range(rows)
        for title, day in [(("KompetanseForum: Eierskifte", "22.09.2016"), ("Kurs A", "01.03.2016"),
                            ("Kurs B", "02.03.2016"))[number % 3]]
    ]  # fmt: skip
    item = upload(client, "participants", csv_file(HEADER + "\n".join(lines) + "\n"))
    mapping = {f"column_{column}": key for column, key in item.mapping.items()}
    with CaptureQueriesContext(connection) as captured:
        answer = client.post(f"/imports/{item.pk}/", mapping)
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.counts == {"create": rows}
    return len(captured)


def _participant_add_queries(event) -> int:
    """What one person costs added through participant_add in a savepoint of its own
    (as the import runs each row): its checks, its insert, the pages it marks changed."""
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        participant_add(event=event, name="Målt Person", email="malt@example.no")
    return len(captured)


def test_the_check_reads_the_events_and_companies_once_not_each_row(roros, manager_client, adviser):
    forum = make_event(roros, adviser)
    participant_add(event=forum, name="Kari Haugen", email="kari@fjellbakst.no")
    per_row = _participant_add_queries(forum)
    small, large = _check_queries(manager_client, 10), _check_queries(manager_client, 50)
    # Beyond each row's own writes, 50 rows cost what 10 do.
    assert large - 40 * per_row <= small + 2, (small, large, per_row)


def test_two_events_of_the_same_title_and_day_are_not_guessed_between(
    roros, manager_client, adviser
):
    for hour in (9, 18):
        make_event(roros, adviser, title="Frokostmøte", starts_at=oslo(2016, 3, 10, hour, 0),
                   ends_at=None)  # fmt: skip
    sheet = csv_file(HEADER + "Frokostmøte;10.03.2016;;;Kari Haugen;;\n")
    item = check(manager_client, upload(manager_client, "participants", sheet))
    assert outcomes(item)[2] == (
        "refused",
        "Mer enn ett arrangement her heter «Frokostmøte» den 10.03.2016: legg til deltakeren "
        "på arrangementets side.",
    )
    assert fields(item)[2] == ["event_title", "event_date"]

"""The manager's commentary on the report: written on its own page for the report as a
whole and per section, shown under the section on the report page, printed in the XLSX
and the PDF, and frozen with the year when it is closed."""

import io
import re
from html import unescape

import openpyxl
import pytest
from pypdf import PdfReader

from reports.models import Commentary
from reports.selectors.commentary import commentary_version
from reports.services import CommentaryChanged, commentary_save
from reports.snapshots import close_year
from tests.downloads.conftest import run_tasks

URL = "/reports/annual/commentary/"
NBSP = "\u00a0"
FRAME_NOTE = "Rammen ble brukt på færre bedrifter enn planlagt,\nfordi to prosjekter ble utsatt."


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def write(client, query: str, data: dict, version: str = ""):
    return client.post(f"{URL}?{query}", {"version": version, **data})


def test_the_manager_writes_the_commentary_and_the_report_shows_it(
    client, scenario, manager_of_roros
):
    client.force_login(manager_of_roros)
    form = text(client.get(URL, {"year": 2016}))
    assert "Rapporten som helhet" in form and "Siva-rammen og nivåplasseringen" in form

    response = write(client, "year=2016", {"summary": "Et godt år.", "frame": FRAME_NOTE})
    assert response.status_code == 302
    assert response["Location"] == "/reports/annual/?year=2016"

    html = client.get("/reports/annual/", {"year": 2016}).content.decode()
    # Under its own section, with its line break.
    frame_section = html[html.index('id="report-frame"') : html.index('id="report-grants"')]
    assert "Rammen ble brukt på færre bedrifter enn planlagt,<br>fordi" in frame_section
    assert "Et godt år." in html
    # The half-years have their own commentary.
    assert (
        "Et godt år."
        not in client.get("/reports/annual/", {"year": 2016, "half": 1}).content.decode()
    )


def test_emptying_a_text_removes_it(client, scenario, roros, manager_of_roros):
    client.force_login(manager_of_roros)
    write(client, "year=2016&half=1", {"summary": "Halvåret i korte trekk."})
    version = commentary_version(naeringshage=roros, year=2016, half=1)
    response = write(client, "year=2016&half=1", {"summary": "  "}, version)
    assert response.status_code == 302
    assert not Commentary.objects.filter(naeringshage=roros).exists()


def test_the_files_print_the_commentary(client, scenario, roros, manager_of_roros):
    commentary_save(
        naeringshage=roros,
        year=2016,
        half=None,
        texts={"summary": "Et godt år.", "frame": FRAME_NOTE, "events": "=HYPERLINK(1)"},
        written_by=manager_of_roros,
    )
    client.force_login(manager_of_roros)
    response = client.get("/reports/annual/export.xlsx", {"year": 2016})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    about = list(book["Om rapporten"].iter_rows(values_only=True))
    assert ("Kommentar", "Et godt år.") in about
    frame = list(book["Siva-ramme"].iter_rows(values_only=True))
    assert frame[-2][0] == "Kommentar" and frame[-1][0] == FRAME_NOTE
    events = book["Arrangementer"]
    last = events.cell(row=events.max_row, column=1)
    assert last.value == "=HYPERLINK(1)" and last.data_type == "s"  # text, not a formula

    response = client.get("/reports/annual/export.pdf", {"year": 2016})
    run_tasks()
    response = client.get(response["Location"] + "download/")
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    everything = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Et godt år." in everything
    assert "Rammen ble brukt på færre bedrifter enn planlagt," in everything


def test_closing_freezes_the_commentary(client, scenario, roros, manager_of_roros):
    commentary_save(
        naeringshage=roros,
        year=2016,
        half=None,
        texts={"summary": "Slik året ble lukket."},
        written_by=manager_of_roros,
    )
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    client.force_login(manager_of_roros)

    # Nobody writes the commentary of a closed year, through the page or the service.
    response = write(client, "year=2016", {"summary": "Endret etterpå."})
    assert response.status_code == 400
    assert "lukket" in text(response)
    Commentary.objects.filter(naeringshage=roros).update(text="Endret rundt tjenestene.")
    page = text(client.get("/reports/annual/", {"year": 2016}))
    assert "Slik året ble lukket." in page and "Endret" not in page
    assert "Skriv kommentaren" not in page and "Endre kommentaren" not in page
    assert "Gjenåpne året for å endre den." in text(client.get(URL, {"year": 2016}))


def test_the_second_manager_to_save_is_told_and_nothing_is_overwritten(
    client, scenario, roros, manager_of_roros
):
    opened = commentary_version(naeringshage=roros, year=2016, half=None)
    commentary_save(
        naeringshage=roros,
        year=2016,
        half=None,
        texts={"summary": "Først."},
        written_by=manager_of_roros,
    )
    with pytest.raises(CommentaryChanged):
        commentary_save(
            naeringshage=roros,
            year=2016,
            half=None,
            texts={"summary": "Senere."},
            written_by=manager_of_roros,
            opened_at=opened,
        )
    client.force_login(manager_of_roros)
    response = write(client, "year=2016", {"summary": "Min tekst."}, opened)
    assert response.status_code == 409
    assert "Noen endret kommentaren etter at du åpnet siden." in text(response)
    assert "Først." in text(response)
    assert Commentary.objects.get(naeringshage=roros).text == "Først."


def test_bad_input_is_explained_in_norwegian(client, scenario, roros, manager_of_roros):
    client.force_login(manager_of_roros)
    response = write(client, "year=2016", {"summary": "x" * 4001})
    assert response.status_code == 400
    assert "En kommentar kan være høyst 4000 tegn (den har 4001)." in text(response)
    response = write(client, "year=2016", {"summary": "med\x00nulltegn"})
    assert response.status_code == 400
    response = client.get(URL, {"year": 2016, "half": 3})
    assert response.status_code == 400
    assert not Commentary.objects.exists()


def test_an_adviser_cannot_write_the_commentary(client, scenario, roros_adviser):
    client.force_login(roros_adviser)
    assert client.get(URL, {"year": 2016}).status_code == 403
    assert write(client, "year=2016", {"summary": "Nei."}).status_code == 403
    assert not Commentary.objects.exists()

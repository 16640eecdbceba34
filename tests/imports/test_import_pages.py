"""A spreadsheet imported through the pages: upload, the columns guessed and chosen, the
check that shows every row's outcome and writes nothing, and the import, all or
nothing; companies, contact persons and services, each through the form and the
service the staff pages use."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest

from funding.models import PricedService
from imports.models import ColumnMapping, Import
from programmes.models import Company, ContactPerson
from tests.imports.conftest import csv_file, xlsx_file
from tests.programmes.factories import make_company, municipality, organisation_number

NBSP = "\u00a0"
A, B, C = organisation_number(11), organisation_number(12), organisation_number(13)

COMPANIES = f"""Orgnr;Bedriftsnavn;Kommune;Adresse;Næringskode;Kvinner i ledelsen
{A};Fjellbakst AS;Røros;Kjerkgata 1;10.71;ja
{B};Os Snekkeri AS;3430;;16 23;nei
{C};Ukjent Kommune AS;Oslo;;;
123456789;Feil Nummer AS;Røros;;;
"""


def text(response) -> str:
    return unescape(response.content.decode()).replace(NBSP, " ")


def upload(client, kind: str, file) -> Import:
    answer = client.post("/imports/new/", {"kind": kind, "file": file})
    assert answer.status_code == 302, text(answer)
    return Import.objects.latest("pk")


def check(client, item: Import, **chosen) -> Import:
    mapping = {f"column_{column}": field for column, field in item.mapping.items()}
    mapping.update(chosen)
    answer = client.post(f"/imports/{item.pk}/", mapping)
    assert answer.status_code == 302, text(answer)
    item.refresh_from_db()
    return item


def outcomes(item: Import) -> dict[int, tuple[str, str]]:
    return {row: (action, message) for row, action, _label, message, _fields in item.outcomes}


def test_companies_are_checked_row_by_row_then_imported_all_at_once(roros, manager_client):
    item = upload(manager_client, "companies", csv_file(COMPANIES))
    # The columns are guessed from the headers.
    assert item.mapping == {
        "0": "organisation_number",
        "1": "name",
        "2": "municipality",
        "3": "address",
        "4": "nace_code",
        "5": "women_in_leadership",
    }
    page = text(manager_client.get(f"/imports/{item.pk}/"))
    assert "Kolonne B: Bedriftsnavn" in page and "“Fjellbakst AS”" in page

    item = check(manager_client, item)
    assert item.status == Import.Status.CHECKED
    found = outcomes(item)
    assert found[2][0] == found[3][0] == "create"
    assert found[4] == ("refused", "Ingen kommune her heter eller har nummeret «Oslo».")
    assert found[5][0] == "refused" and "Organisasjonsnummeret" in found[5][1]
    assert item.counts == {"create": 2, "refused": 2}
    # The check wrote nothing.
    assert not Company.objects.filter(organisation_number__in=[A, B]).exists()
    page = text(manager_client.get(f"/imports/{item.pk}/"))
    assert "Importer 2 rader" in page and "2 avviste rader holdes utenfor." in page
    assert "C4" in page  # the municipality's cell of the refused row
    assert "A5" in page

    answer = manager_client.post(f"/imports/{item.pk}/import/", follow=True)
    assert "Importert: 2 opprettet, 0 oppdatert." in text(answer)
    bakst = Company.objects.get(organisation_number=A)
    assert (bakst.name, bakst.municipality, bakst.nace_code, bakst.women_in_leadership) == (
        "Fjellbakst AS",
        municipality("roros"),
        "10.71",
        "yes",
    )
    assert Company.objects.get(organisation_number=B).nace_code == "16.23"
    item.refresh_from_db()
    assert item.status == Import.Status.IMPORTED and not item.file
    # The history names the import and who made it.
    record = bakst.history.get()
    assert record.history_change_reason == f"Import {item.pk}: bedrifter.csv"
    assert record.history_user.username == "leder"
    # The columns are remembered for the næringshage's next file of companies.
    assert ColumnMapping.objects.get(kind="companies").mapping["bedriftsnavn"] == "name"


def test_a_known_company_is_updated_from_the_cells_given_and_skipped_when_the_same(
    roros, manager_client
):
    company = make_company(roros, 11, name="Fjellbakst AS")
    sheet = xlsx_file(
        [["Organisasjonsnummer", "Navn", "Kommune", "Adresse"],
         [company.organisation_number, "Fjellbakst AS", "", "Kjerkgata 1"],
         [company.organisation_number, "", "", ""]]
    )  # fmt: skip
    item = check(manager_client, upload(manager_client, "companies", sheet))
    found = outcomes(item)
    assert found[2] == ("update", "Endret: Adresse.")
    # The second row gives no cell that differs from the company as the first row left it.
    assert found[3] == ("skip", "Ingen endring.")
    manager_client.post(f"/imports/{item.pk}/import/")
    company.refresh_from_db()
    assert (company.address, company.municipality) == ("Kjerkgata 1", municipality("roros"))


def test_the_import_is_refused_when_the_data_changed_since_the_check(roros, manager_client):
    item = check(manager_client, upload(manager_client, "companies", csv_file(COMPANIES)))
    make_company(roros, 11, name="Registrert i mellomtiden AS")  # row 2's number
    answer = manager_client.post(f"/imports/{item.pk}/import/", follow=True)
    assert "Rad 2 ville nå bli importert annerledes enn kontrollen viste" in text(answer)
    assert not Company.objects.filter(organisation_number=B).exists()  # nothing at all
    item.refresh_from_db()
    assert item.status == Import.Status.CHECKED


def test_contact_persons_are_matched_by_e_mail(roros, manager_client):
    company = make_company(roros, 11, name="Fjellbakst AS")
    ContactPerson.objects.create(company=company, name="Kari Haugen", email="kari@fjellbakst.no")
    sheet = csv_file(
        "Orgnr,Navn,Rolle,E-post,Telefon\n"
        f"{company.organisation_number},Kari Haugen,daglig leder,KARI@fjellbakst.no,\n"
        f"{company.organisation_number},Per Holm,styreleder,per@fjellbakst.no,+47 900 00 000\n"
        f"{organisation_number(99)},Ola Ukjent,,ola@example.no,\n",
        name="kontakter.csv",
    )
    item = check(manager_client, upload(manager_client, "contacts", sheet))
    found = outcomes(item)
    assert [found[2][0], found[3][0], found[4][0]] == ["update", "create", "refused"]
    assert "importer bedriftene først" in found[4][1]
    manager_client.post(f"/imports/{item.pk}/import/")
    kari = ContactPerson.objects.get(email__iexact="kari@fjellbakst.no")
    assert kari.role == "daglig leder"
    assert ContactPerson.objects.get(name="Per Holm").phone == "+47 900 00 000"


def test_services_obey_every_rule_a_form_applies(roros, manager_client, adviser):
    company = make_company(roros, 11, name="Fjellbakst AS")
    number = company.organisation_number
    rows = (
        [["Dato", "Orgnr", "Tjeneste", "Rådgiver", "Timer", "Timepris", "Finansiering",
          "Egenandel", "Beskrivelse"],
         [date(2016, 9, 15), number, "Rådgivning", "radgiver", 10, 1000, "Siva", "25 %",
          "Oppstart"],
         ["16.09.2016", number, "Kurs", "", 2, 1500, "marked", "", ""],
         ["17.09.2016", number, "Rådgivning", "radgiver", 10, 1000, "Siva", "10 %", ""],
         ["18.09.2016", number, "Sveising", "radgiver", 1, 1000, "", "", ""],
         ["19.09.2016", number, "Rådgivning", "nobody", 1, 1000, "", "", ""]]
    )  # fmt: skip
    item = check(
        manager_client, upload(manager_client, "services", xlsx_file(rows, "tjenester.xlsx"))
    )
    found = outcomes(item)
    assert [found[row][0] for row in range(2, 7)] == [
        "create", "create", "refused", "refused", "refused"
    ]  # fmt: skip
    assert "minst 25\xa0%" in found[4][1]  # the own-share minimum, as the form says it
    assert found[5][1] == "Ingen tjenestetype her heter «Sveising»."
    assert found[6][1] == "«nobody» er ikke rådgiver i denne næringshagen."
    assert not PricedService.objects.filter(company=company).exists()

    manager_client.post(f"/imports/{item.pk}/import/")
    first, second = PricedService.objects.filter(company=company).order_by("date")
    assert (first.price, first.own_share, first.subsidy) == (
        Decimal("10000.00"), Decimal("2500.00"), Decimal("7500.00")
    )  # fmt: skip
    assert first.adviser == adviser and first.grant.kind == "siva_frame"
    assert second.grant is None and second.adviser.username == "leder"  # empty: the importer
    assert first.history.get().history_change_reason == f"Import {item.pk}: tjenester.xlsx"

    # The same sheet again: nothing is recorded twice.
    again = check(
        manager_client, upload(manager_client, "services", xlsx_file(rows, "tjenester.xlsx"))
    )
    assert [outcomes(again)[row][0] for row in (2, 3)] == ["skip", "skip"]


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("bilde.png", b"\x89PNG", "Velg en CSV-fil (.csv) eller en Excel-arbeidsbok (.xlsx)."),
        ("tom.csv", b"", "Filen er tom."),
        (
            "bare-overskrift.csv",
            b"Orgnr;Navn\n",
            "Filen har en overskriftsrad, men ingen rader under.",
        ),
        ("falsk.xlsx", b"not a zip", "Filen er ikke en XLSX-arbeidsbok Excel kan åpne."),
    ],
)
def test_a_file_that_cannot_be_read_is_said_so(roros, manager_client, name, content, said):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = manager_client.post(
        "/imports/new/", {"kind": "companies", "file": SimpleUploadedFile(name, content)}
    )
    assert answer.status_code == 200
    assert said in text(answer)
    assert not Import.objects.exists()


def test_every_needed_field_must_have_its_column(roros, manager_client):
    item = upload(manager_client, "companies", csv_file(COMPANIES))
    answer = manager_client.post(f"/imports/{item.pk}/", {"column_2": ""})
    assert answer.status_code == 400
    assert "Velg kolonnen for «Kommune»." in text(answer)


def test_a_formula_is_read_as_the_value_it_shows_never_run(roros, manager_client):
    sheet = csv_file(f'Orgnr;Navn;Kommune\n{A};=HYPERLINK("http://x");Røros\n')
    item = check(manager_client, upload(manager_client, "companies", sheet))
    assert outcomes(item)[2][0] == "create"
    manager_client.post(f"/imports/{item.pk}/import/")
    # Kept as the text it is; every export writes it formula-safe.
    assert Company.objects.get(organisation_number=A).name == '=HYPERLINK("http://x")'


def test_only_the_manager_imports(roros, adviser_client, manager_client):
    assert adviser_client.get("/imports/").status_code == 403
    assert adviser_client.get("/imports/new/").status_code == 403
    assert manager_client.get("/imports/").status_code == 200
    assert re.search(r"Import", text(manager_client.get("/imports/new/")))


def test_a_long_file_is_checked_and_imported_by_the_task_worker(roros, manager_client, settings):
    from tests.downloads.conftest import run_tasks

    settings.IMPORT_TASK_ROWS = 2  # the file's four rows are a long file here
    item = upload(manager_client, "companies", csv_file(COMPANIES))
    item = check(manager_client, item)
    assert item.status == Import.Status.CHECKING
    page = text(manager_client.get(f"/imports/{item.pk}/"))
    assert "Radene kontrolleres" in page and "Oppdater siden" in page
    progress = manager_client.get(f"/imports/{item.pk}/progress.json").json()
    assert progress == {"status": "checking", "rows_done": 0, "rows": 4, "finished": False}
    # A second check while the first runs is refused.
    again = manager_client.post(f"/imports/{item.pk}/", {"column_0": "organisation_number"})
    assert again.status_code == 302

    run_tasks()
    item.refresh_from_db()
    assert (item.status, item.counts, item.rows_done) == (
        Import.Status.CHECKED, {"create": 2, "refused": 2}, 4
    )  # fmt: skip
    assert manager_client.get(f"/imports/{item.pk}/progress.json").json()["finished"] is True
    assert not Company.objects.filter(organisation_number=A).exists()

    manager_client.post(f"/imports/{item.pk}/import/")
    item.refresh_from_db()
    assert item.status == Import.Status.IMPORTING
    assert "Radene importeres" in text(manager_client.get(f"/imports/{item.pk}/"))
    run_tasks()
    item.refresh_from_db()
    assert item.status == Import.Status.IMPORTED
    assert Company.objects.filter(organisation_number__in=[A, B]).count() == 2


def test_the_worker_s_refusal_is_shown_and_the_import_can_be_checked_again(
    roros, manager_client, settings
):
    from tests.downloads.conftest import run_tasks

    settings.IMPORT_TASK_ROWS = 2
    item = check(manager_client, upload(manager_client, "companies", csv_file(COMPANIES)))
    run_tasks()
    make_company(roros, 11, name="Registrert i mellomtiden AS")  # row 2's number
    manager_client.post(f"/imports/{item.pk}/import/")
    run_tasks()
    item.refresh_from_db()
    assert item.status == Import.Status.CHECKED
    assert "Rad 2 ville nå bli importert annerledes" in item.error
    assert "Rad 2 ville nå bli importert annerledes" in text(
        manager_client.get(f"/imports/{item.pk}/")
    )
    assert not Company.objects.filter(organisation_number=B).exists()


def test_key_figures_are_kept_a_year_each(roros, manager_client):
    company = make_company(roros, 11, name="Fjellbakst AS")
    number = company.organisation_number
    sheet = csv_file(
        "Orgnr;År;Ansatte;Omsetning;Verdiskaping\n"
        f"{number};2023;7;1 500 000;400 000\n"
        f"{number};2024;8;1 650 000,50;-20 000\n"
        f"{number};1789;8;;\n",
        name="nokkeltall.csv",
    )
    item = check(manager_client, upload(manager_client, "key_figures", sheet))
    found = outcomes(item)
    assert [found[2][0], found[3][0], found[4][0]] == ["create", "create", "refused"]
    manager_client.post(f"/imports/{item.pk}/import/")
    figures = {row.year: row for row in company.key_figures.all()}
    assert figures[2024].revenue == Decimal("1650000.50")
    assert figures[2024].value_creation == Decimal("-20000")
    again = check(manager_client, upload(manager_client, "key_figures", csv_file(
        f"Orgnr;År;Ansatte\n{number};2023;9\n{number};2024;8\n", name="rettet.csv"
    )))  # fmt: skip
    assert [outcomes(again)[2][0], outcomes(again)[3][0]] == ["update", "skip"]


def test_a_file_never_imported_is_deleted_after_its_days(roros, manager_client, settings):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    settings.IMPORT_RETENTION_DAYS = 7
    old = upload(manager_client, "companies", csv_file(COMPANIES))
    done = check(manager_client, upload(manager_client, "companies", csv_file(COMPANIES)))
    fresh = upload(manager_client, "companies", csv_file(COMPANIES, name="ny.csv"))
    eight_days_ago = timezone.now() - timedelta(days=8)
    Import.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=eight_days_ago)
    stored = old.file.name
    out = io.StringIO()
    call_command("delete_old_imports", stdout=out)
    assert "Deleted 2 uploaded file(s) never imported." in out.getvalue()
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and fresh.file
    assert not old.file.storage.exists(stored)
    page = text(manager_client.get(f"/imports/{old.pk}/"))
    assert "Filen ble slettet etter noen dager uten bruk: last den opp igjen." in page
    answer = manager_client.post(f"/imports/{old.pk}/", {"column_0": "organisation_number"})
    assert answer.status_code == 302 and answer["Location"] == "/imports/new/"

"""The example spreadsheet an import can be tried with (docs/import/eksempel-import.xlsx):
one workbook, a sheet for each kind the import reads, as a næringshage moving in keeps
them. Eight companies of the region, their contact persons, and two years of services
(last year and this year, up to the day before `today`) recorded by the demo adviser,
on the Siva frame with a 25 % own share or at market price.

Its organisation numbers start with 8, so that they never meet the demo data's (9…).
"""

import io
from datetime import date, datetime, timedelta

import xlsxwriter

from programmes.organisation_numbers import calc_check_digit

COMPANIES = [
    # name, municipality, address, NACE code, organisation form, founded, women leading
    ("Gjøsvika Smie AS", "Røros", "Smiegata 4, 7374 RØROS", "25.500", "AS", "2012-05-14", "ja"),
    ("Aursund Villmarksopplevelser", "Røros", "Aursundveien 112, 7384 BREKKEBYGD", "93.290",
     "ENK", "2019-03-01", "nei"),
    ("Haltdalen Trevare AS", "Holtålen", "Bygdavegen 9, 7383 HALTDALEN", "16.230", "AS",
     "2008-10-20", "nei"),
    ("Tolga Ysteri SA", "Tolga", "Meieriveien 2, 2540 TOLGA", "10.510", "SA", "2016-01-12",
     "ja"),
    ("Tynset Regnskapslag AS", "Tynset", "Parkvegen 11, 2500 TYNSET", "69.201", "AS",
     "2004-02-02", "ja"),
    ("Folldal Fjellprodukter AS", "Folldal", "Gruvvegen 3, 2580 FOLLDAL", "10.890", "AS",
     "2021-06-15", "nei"),
    ("Alvdal Elektro AS", "Alvdal", "Steinvegen 6, 2560 ALVDAL", "43.210", "AS", "2010-09-09",
     "nei"),
    ("Rendalen Skog og Utmark", "Rendalen", "Åkrestrømmen, 2485 RENDALEN", "02.100", "ENK",
     "2017-04-24", "ukjent"),
]  # fmt: skip

CONTACTS = [
    # company (index), name, role, e-mail, phone
    (0, "Ingrid Gjøsvik", "daglig leder", "ingrid@gjosvika.example", "+47 911 22 333"),
    (1, "Ola Aursund", "innehaver", "ola@aursund.example", ""),
    (2, "Tor Haltdal", "daglig leder", "tor@haltdalen-trevare.example", "+47 922 33 444"),
    (3, "Marit Tolgen", "daglig leder", "marit@tolgaysteri.example", ""),
    (3, "Knut Vangen", "styreleder", "knut@tolgaysteri.example", "+47 933 44 555"),
    (4, "Eva Tynset", "daglig leder", "eva@tynsetregnskap.example", ""),
    (5, "Jon Folldal", "daglig leder", "jon@folldal-fjell.example", ""),
    (6, "Siri Alvdal", "daglig leder", "siri@alvdal-elektro.example", "+47 944 55 666"),
    (7, "Per Rendal", "innehaver", "per@rendalen-skog.example", ""),
]

# (day of the year, company (index), service type, hours, hourly rate, on the frame, text)
SERVICES = [
    (40, 0, "Rådgivning", 6, 1100, True, "Markedsplan for smievarer"),
    (75, 1, "Rådgivning", 4, 1100, True, "Forretningsmodell"),
    (110, 2, "Kurs", 3, 900, False, "Kurs i anbud"),
    (150, 3, "Rådgivning", 8, 1100, True, "Søknad om utviklingsmidler"),
    (200, 4, "Nettverk", 2, 800, False, "Regnskapsnettverk"),
    (240, 5, "Rådgivning", 5, 1100, True, "Produktutvikling"),
    (270, 6, "Rådgivning", 3, 1100, True, "Rekruttering"),
    (300, 7, "Kurs", 2, 900, False, "Kurs i digital markedsføring"),
]

SHEETS = {
    "Bedrifter": ["Orgnr", "Bedriftsnavn", "Kommune", "Adresse", "Næringskode",
                  "Organisasjonsform", "Stiftet", "Kvinner i ledelsen"],
    "Kontaktpersoner": ["Orgnr", "Navn", "Rolle", "E-post", "Telefon"],
    "Tjenester": ["Dato", "Orgnr", "Tjeneste", "Rådgiver", "Timer", "Timepris",
                  "Finansiering", "Egenandel", "Beskrivelse"],
}  # fmt: skip


def organisation_numbers() -> list[str]:
    """One valid number a company, each starting with 8."""
    numbers, serial = [], 0
    while len(numbers) < len(COMPANIES):
        first_eight = f"8{2_600_000 + serial * 37:07d}"
        serial += 1
        check = calc_check_digit(first_eight)
        if check is not None:
            numbers.append(first_eight + check)
    return numbers


def service_days(today: date) -> list[tuple[date, tuple]]:
    """Each service on its day of last year and of this year, the days before `today`."""
    days = []
    for year in (today.year - 1, today.year):
        for service in SERVICES:
            day = date(year, 1, 1) + timedelta(days=service[0])
            if day < today:
                days.append((day, service))
    return days


def import_workbook(today: date) -> bytes:
    numbers = organisation_numbers()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # The same bytes for the same day: no time of writing in the file's properties.
    book.set_properties({"created": datetime(today.year, today.month, today.day)})
    bold = book.add_format({"bold": True})
    day_format = book.add_format({"num_format": "dd.mm.yyyy"})
    sheets = {}
    for name, headers in SHEETS.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, headers, bold)
        sheet.set_column(0, len(headers) - 1, 18)
        sheets[name] = sheet
    for row, (name, place, address, nace, form, founded, women) in enumerate(COMPANIES, 1):
        sheets["Bedrifter"].write_row(
            row, 0, [numbers[row - 1], name, place, address, nace, form, founded, women]
        )
    for row, (company, name, role, email, phone) in enumerate(CONTACTS, 1):
        sheets["Kontaktpersoner"].write_row(row, 0, [numbers[company], name, role, email, phone])
    services = sheets["Tjenester"]
    for row, (day, (_day, company, kind, hours, rate, frame, text)) in enumerate(
        service_days(today), 1
    ):
        services.write_datetime(row, 0, day, day_format)
        services.write_row(row, 1, [numbers[company], kind, "radgiver", hours, rate,
                                    "Siva" if frame else "marked", "25 %" if frame else "",
                                    text])  # fmt: skip
    book.close()
    return buffer.getvalue()

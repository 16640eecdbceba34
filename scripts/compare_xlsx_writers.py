"""Time the XLSX writers on rows of the services export's shape, and print the figures.

    .venv/bin/python scripts/compare_xlsx_writers.py [ROWS]      # default 88 000

Each writer writes the same rows (a date, seven texts, six amounts, two texts) with a
date format and a NOK number format, to a temporary file; the fastest of three runs is
printed. pyexcelerate is timed only if it is installed (it is not a dependency).
"""

import datetime
import sys
import tempfile
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 88_000
TITLES = [f"c{i}" for i in range(16)]
MONEY, DAY, HOURS = '#,##0.00 "kr"', "dd.mm.yyyy", "0.00"


def rows():
    start = datetime.date(2016, 1, 1)
    for i in range(N):
        yield (
            start + datetime.timedelta(days=i % 3650), f"Bedrift {i % 5000:04d} AS",
            "979 830 580", "3427", "Tynset", "Rådgivning", "Kari Nordmann", "Siva-ramme 2025",
            10.5, 1000.0, None, 10500.0, 2625.0, 7875.0, "nei", "Forretningsplan",
        )  # fmt: skip


def xlsxwriter_constant_memory(handle) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Tjenester")
    day, money, hours = (workbook.add_format({"num_format": f}) for f in (DAY, MONEY, HOURS))
    formats = [day] + [None] * 7 + [hours] + [money] * 5 + [None, None]
    for r, row in enumerate(rows(), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, float):
                sheet.write_number(r, c, value, formats[c])
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, formats[c])
            else:
                sheet.write_string(r, c, value)
    workbook.close()


def rust_xlsxwriter(handle) -> None:
    from rustpy_xlsxwriter import FastExcel, Format

    formats = [Format().set_num_format(DAY)] + [Format()] * 7 + [Format().set_num_format(HOURS)]
    formats += [Format().set_num_format(MONEY)] * 5 + [Format(), Format()]
    records = (dict(zip(TITLES, row, strict=True)) for row in rows())
    FastExcel(handle).freeze(row=1).sheet("Tjenester", records, column_formats=formats).save()


def pyexcelerate(handle) -> None:
    from pyexcelerate import Format, Style, Workbook

    workbook = Workbook()
    sheet = workbook.new_sheet("Tjenester", data=[list(row) for row in rows()])
    sheet.set_col_style(1, Style(format=Format(DAY)))
    for column in range(10, 15):
        sheet.set_col_style(column, Style(format=Format(MONEY)))
    workbook.save(handle)


def main() -> None:
    print(f"{N:,} rows × 16 columns".replace(",", " "))
    for writer in (xlsxwriter_constant_memory, rust_xlsxwriter, pyexcelerate):
        try:
            best = min(_timed(writer) for _ in range(3))
        except ImportError:
            print(f"  {writer.__name__:<28} not installed")
            continue
        print(f"  {writer.__name__:<28} {best:6.2f} s  {N / best:10,.0f} rows/s".replace(",", " "))


def _timed(writer) -> float:
    with tempfile.TemporaryFile() as handle:
        started = time.perf_counter()
        writer(handle)
        return time.perf_counter() - started


if __name__ == "__main__":
    main()

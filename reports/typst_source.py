"""The report as a Typst document, printed to PDF by Typst (`reports.pdf`).

The same tables as the page and the XLSX (`reports.tables`), each value shown by its
column's kind exactly as the page shows it (`reports.templatetags.report_tables.cell`),
numbers right-aligned, the header row repeated on every page a table runs over, the
chart of subsidy per municipality as the page's own SVG, and the næringshage's name,
the report and the print date on every page with its number. Every text goes into the
document as a Typst string, so no name or title is ever read as markup.
"""

from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.charts import subsidy_chart
from reports.models import SUMMARY
from reports.tables.shape import CHOICE, TEXT, Column, Table
from reports.templatetags.report_tables import cell

FONT = "DejaVu Sans"
WIDE_TABLE = 10  # columns: more are set on a landscape page
SHORT_TEXT = 12  # characters: a text column no longer is as wide as its widest cell


def text(value) -> str:
    """A Typst string literal of `value`."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def _cell(value, column: Column, *, bold: bool = False) -> str:
    shown = text(cell(value, column))
    return f"strong({shown})" if bold else shown


def _vertical(table: Table) -> str:
    cells = []
    for column, value in table.pairs:
        cells += [f"strong({text(column.label)})", _cell(value, column)]
    return (
        "table(columns: (1fr, auto), align: (left, right), stroke: rule, inset: pad,\n  "
        + ", ".join(cells)
        + ",\n)"
    )


def _rows(table: Table) -> str:
    columns = table.shown_columns
    aligns = ", ".join("right" if column.numeric else "left" for column in columns)
    header = ", ".join(
        f"table.cell(align: {'right' if column.numeric else 'left'}, strong({text(column.label)}))"
        for column in columns
    )
    # Numbers and short texts (dates, municipality numbers…) as wide as the widest;
    # the longer texts (names, titles) share the room left, so the table is as wide as
    # the page, wrapping where they must.
    figures = [0 for _column in columns]  # the longest cell, in characters
    for _heading, rows in table.row_groups():
        for cells in rows:
            for index, (column, value) in enumerate(cells):
                figures[index] = max(figures[index], len(cell(value, column)))
    for index, (column, value) in enumerate(table.shown_total() or []):
        figures[index] = max(figures[index], len(cell(value, column)))
    longest = [max(len(column.label) // 2, figures[index]) for index, column in enumerate(columns)]
    widths = ", ".join(
        "1fr"
        if column.kind in (TEXT, CHOICE) and longest[index] > SHORT_TEXT
        else _number_width(column, figures[index])
        if _is_wide(table) and column.numeric
        else "auto"
        for index, column in enumerate(columns)
    )
    lines = [
        f"table(columns: ({widths},), align: ({aligns},), stroke: rule, inset: pad,",
        f"  table.header(repeat: true, {header}),",
    ]
    for heading, rows in table.row_groups():
        if heading:
            lines.append(f"  table.cell(colspan: {len(columns)}, strong({text(heading)})),")
        for cells in rows:
            lines.append(
                "  "
                + ", ".join(_cell(value, column, bold=column.row_header) for column, value in cells)
                + ","
            )
    total = table.shown_total()
    if total:
        shown = [
            f"strong({text(_('Total'))})"
            if index == 0
            else ('""' if value is None else _cell(value, column, bold=True))
            for index, (column, value) in enumerate(total)
        ]
        lines.append("  table.hline(stroke: 1pt),")
        lines.append("  " + ", ".join(shown) + ",")
    lines.append(")")
    return "\n".join(lines)


def _commentary(comment: str) -> str:
    """The manager's commentary on a section, below its table."""
    return f"#block(above: 3mm)[#strong({text(_('Commentary'))}) \\ #{text(comment)}]"


def _number_width(column: Column, longest: int) -> str:
    """A wide table's number column: as wide as its widest figure or the longest word of
    its label (bold), the label wrapping between words, so the names keep some room."""
    word = max(len(part) for part in column.label.split())
    return f"{max(word, longest) * 0.68:.1f}em + 3mm"


def _is_wide(table: Table) -> bool:
    """A table with more columns than an A4 page's width holds is set in landscape."""
    return not table.vertical and bool(table.rows) and len(table.shown_columns) > WIDE_TABLE


def _section(table: Table, chart_svg: str | None, comment: str = "") -> str:
    parts = [f"== #{text(table.title)}"]
    if chart_svg:
        parts.append(
            f'#figure(image(bytes({text(chart_svg)}), format: "svg", width: 100%),'
            f" caption: {text(_('Subsidy per municipality; the table gives the same numbers.'))})"
        )
    if table.vertical:
        parts.append(f"#{_vertical(table)}")
    elif table.rows:
        if table.caption:
            parts.append(f"#text(size: 8pt, fill: grey)[#{text(table.caption)}]")
        parts.append(f"#{_rows(table)}")
    else:
        parts.append(f"#{text(table.empty)}")
    if comment:
        parts.append(_commentary(comment))
    return "\n\n".join(parts)


def _pages(sections: list[tuple[bool, str]]) -> str:
    """The sections' sources, consecutive wide tables together on landscape pages."""
    parts = []
    for wide, group in groupby(sections, key=lambda item: item[0]):
        sources = "\n\n".join(source for _wide, source in group)
        parts.append(
            f"#page(flipped: true)[\n#set text(size: 7pt)\n{sources}\n]" if wide else sources
        )
    return "\n\n".join(parts)


def report_source(report) -> str:
    """The Typst document of `report` (an exports.ReportFile)."""
    period = report.period
    printed = timezone.localtime(report.printed_at)
    printed_text = _("Printed %(when)s") % {"when": printed.strftime("%d.%m.%Y %H:%M")}
    chart = subsidy_chart(period.table("municipalities"))
    chart_svg = None
    if chart.bars:
        chart_svg = render_to_string(
            "reports/includes/_bar_chart_svg.html", {"chart": chart, "year": period.year}
        )
    period_text = _("Period: %(start)s to %(end)s.") % {
        "start": date_format(period.start, "d.m.Y"),
        "end": date_format(period.end, "d.m.Y"),
    }
    head = f"""#let rule = (x, y) => (bottom: 0.5pt + rgb("#bbbbbb"))
#let pad = (x: 1.5mm, y: 1.2mm)
#let grey = rgb("#555555")
#set document(title: {text(f"{report.naeringshage}: {report.title}")})
#set text(font: {text(FONT)}, size: 8.5pt, lang: "nb", fill: rgb("#1a1a1a"))
#set par(leading: 0.5em)
#set page(
  paper: "a4",
  margin: (top: 22mm, bottom: 20mm, x: 16mm),
  header: text(size: 8pt, fill: grey, grid(columns: (1fr, auto),
    {text(report.naeringshage)}, {text(report.title)})),
  footer: text(size: 8pt, fill: grey, grid(columns: (1fr, auto),
    {text(printed_text)}, context [#counter(page).display() / #counter(page).final().first()])),
)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 12pt)
#show heading: set block(above: 7mm, below: 2mm, sticky: true)

= #{text(report.title)}

#{text(f"{report.naeringshage}. {period_text}")}

#{text(report.status)}
"""
    summary = period.commentary.get(SUMMARY)
    if summary:
        head += f"\n{_commentary(summary)}\n"
    sections = [
        (
            _is_wide(table),
            _section(
                table,
                chart_svg if table.key == "municipalities" else None,
                period.commentary.get(table.key, ""),
            ),
        )
        for table in period.tables
    ]
    return head + "\n\n" + _pages(sections) + "\n"

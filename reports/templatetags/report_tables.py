"""{% load report_tables %}: {{ value|cell:column }} shows a report table's value as
its column's kind says (money in NOK, a share in per cent, a date, a choice's label);
{% cell_class value column %} gives its cell's class; {% table_rows rows %} writes a
group of a table's rows, each cell as those two write it."""

from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from core.money import format_count, format_hours, format_nok, format_percent
from programmes.organisation_numbers import format_organisation_number
from reports.tables import CHOICE, DATE, HOURS, INTEGER, MONEY, ORGANISATION_NUMBER, PERCENT

register = template.Library()


@register.filter
def cell(value, column) -> str:
    if value is None or value == "":
        return "–"
    if column.kind == MONEY:
        return format_nok(value)
    if column.kind == HOURS:
        return format_hours(value)
    if column.kind == PERCENT:
        return format_percent(value)
    if column.kind == INTEGER:
        return format_count(value)
    if column.kind == DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    if column.kind == ORGANISATION_NUMBER:
        return format_organisation_number(value)
    if column.kind == CHOICE:
        return column.display_choice(value)
    return str(value)


@register.simple_tag
def cell_class(value, column) -> str:
    """The class attribute of a cell: numbers right-aligned, a negative amount marked."""
    if not column.numeric:
        return ""
    if value is not None and value < 0:
        return NEGATIVE
    return NUMERIC


NUMERIC = mark_safe(' class="numeric"')
NEGATIVE = mark_safe(' class="numeric figure--negative"')
# The kinds shown by the number formatters (core.money): digits, spaces, a sign and a
# unit, nothing to escape.
FORMATTED = {MONEY, HOURS, PERCENT, INTEGER}


@register.simple_tag
def table_rows(rows) -> SafeString:
    """The <tr> of each row of (column, value) cells, as the template would write them
    cell by cell: written here because a national report has thousands of cells, and a
    cell through the template engine costs some forty times as much. A date repeated in
    the rows is formatted once."""
    dates: dict = {}
    parts = []
    for cells in rows:
        parts.append("<tr>")
        for column, value in cells:
            if column.kind == DATE and value is not None:
                text = dates.get(value) or dates.setdefault(value, escape(cell(value, column)))
            elif column.kind in FORMATTED:
                text = cell(value, column)
            else:
                text = escape(cell(value, column))
            if column.row_header:
                parts.append(f'<th scope="row">{text}</th>')
            else:
                parts.append(f"<td{cell_class(value, column)}>{text}</td>")
        parts.append("</tr>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every text cell escaped above


@register.simple_tag
def target_bars(table) -> list[dict]:
    """The targets table's rows as bars: the result against the target, with the same
    figures in words."""
    columns = {column.key: column for column in table.columns}
    bars = []
    for row in table.rows:
        values = dict(zip(columns, row, strict=True))
        bars.append(
            {
                "name": values["target_kind"],
                "target": values["target"],
                "actual": values["actual"],
                "target_text": cell(values["target"], columns["target"]),
                "actual_text": cell(values["actual"], columns["actual"]),
                "reached_text": cell(values["reached"], columns["reached"]),
                "year_gone_text": cell(values["year_gone"], columns["year_gone"]),
                "status": values["status"],
                "status_text": cell(values["status"], columns["status"]),
            }
        )
    return bars


@register.filter
def commentary_on(commentary, key: str) -> str:
    """The commentary on section `key` ("" for none)."""
    return (commentary or {}).get(key, "")

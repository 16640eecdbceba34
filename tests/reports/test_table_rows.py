"""A report table's rows as pages show them: `{% table_rows %}` writes in Python what
the template wrote cell by cell (a national report has thousands of cells), so it must
write the same cells: each value formatted by its column's kind, numbers right-aligned
and a negative amount marked, the row's name in a row header, and text escaped."""

from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from reports.tables import CHOICE, DATE, HOURS, MONEY, PERCENT, Column, Table


def _page(table: Table) -> str:
    with translation.override("nb"):
        return render_to_string(
            "reports/includes/_table.html", {"table": table, "id_prefix": "t-", "with_chart": None}
        )


def test_each_cell_is_written_as_its_column_says():
    table = Table(
        key="rows",
        title="Tjenester",
        caption="Tjenester etter kommune",
        columns=(
            Column("name", "Navn", row_header=True),
            Column("note", "Merknad"),
            Column("kind", "Slag", kind=CHOICE, choices={"a": "Alfa & <Omega>"}),
            Column("day", "Dato", kind=DATE),
            Column("hours", "Timer", kind=HOURS),
            Column("price", "Pris", kind=MONEY),
            Column("share", "Andel", kind=PERCENT),
        ),
        rows=[
            (
                "Røros <script>",
                "a & b",
                "a",
                date(2016, 3, 10),
                Decimal("7.5"),
                Decimal("1500000"),
                Decimal("0.25"),
            ),
            ("Os", None, "a", date(2016, 3, 10), Decimal("0"), Decimal("-250.50"), None),
        ],
    )
    html = _page(table)
    assert '<th scope="row">Røros &lt;script&gt;</th><td>a &amp; b</td>' in html
    assert "<td>Alfa &amp; &lt;Omega&gt;</td>" in html
    assert html.count("<td>10.03.2016</td>") == 2
    assert '<td class="numeric">7,50</td>' in html
    assert '<td class="numeric">1\xa0500\xa0000\xa0kr</td>' in html
    assert '<td class="numeric">25\xa0%</td>' in html
    assert '<td class="numeric figure--negative">−250,50\xa0kr</td>' in html
    # An empty value is a dash, in its column's class.
    assert '<th scope="row">Os</th><td>–</td>' in html
    assert '<td class="numeric">–</td></tr>' in html
    assert html.count("<tr>") == 3  # the head's row and one a row
    assert "<script>" not in html

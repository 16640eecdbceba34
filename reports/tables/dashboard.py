"""The dashboard: some of the report's tables, and its key figures read from them, so
that an open and a closed year's dashboard are made the same way as the report."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.tables.shape import Column, Table

# The report's sections the dashboard reads; of them it shows these as tables.
DASHBOARD_KEYS = ("frame", "targets", "companies", "events", "municipalities", "grants")
DASHBOARD_TABLES = ("targets", "municipalities", "grants")


@dataclass(frozen=True)
class KeyFigure:
    table: str
    column: str
    label: Promise


KEY_FIGURES = (
    KeyFigure("frame", "granted", _("Siva frame granted")),
    KeyFigure("frame", "used", _("Siva frame used")),
    KeyFigure("frame", "left", _("Siva frame left")),
    KeyFigure("companies", "helped", _("Companies helped")),
    KeyFigure("companies", "new_target_companies", _("New target companies")),
    KeyFigure("events", "events", _("Events")),
    KeyFigure("events", "participants", _("Participants")),
)


def key_figures(tables: list[Table]) -> list[tuple[Promise, Column, object]]:
    """The dashboard's figures as (label, column, value): the column says how the
    value is shown."""
    by_key = {table.key: table for table in tables}
    return [
        (
            figure.label,
            by_key[figure.table].column(figure.column),
            by_key[figure.table].figure(figure.column),
        )
        for figure in KEY_FIGURES
    ]

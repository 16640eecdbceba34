"""The report's chart: the subsidy per municipality (core.charts draws it)."""

from core.charts import BarChart, bar_chart
from reports.tables import Table


def subsidy_chart(municipalities: Table) -> BarChart:
    """The subsidy per municipality of a report's municipalities table."""
    return bar_chart(
        list(
            zip(
                municipalities.values("municipality"),
                municipalities.values("subsidy"),
                strict=True,
            )
        )
    )

"""Bar charts drawn on the server as SVG: the geometry is computed here from rows that
are already aggregated (a handful of municipalities), the template only places it."""

from dataclasses import dataclass
from decimal import Decimal

from reports.tables import Table

LABEL_WIDTH = 180  # room for a municipality's name left of its bar
BAR_AREA = 360  # the longest bar
VALUE_GAP = 8
ROW_HEIGHT = 36
BAR_HEIGHT = 22
VALUE_WIDTH = 130
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_GAP + VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int  # top of the bar
    text_y: int  # baseline of the label and the value
    width: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(items: list[tuple[str, Decimal]]) -> BarChart:
    """Horizontal bars for (label, value) pairs, the largest value BAR_AREA wide."""
    largest = max((value for _, value in items), default=Decimal(0))
    bars = []
    for index, (label, value) in enumerate(items):
        width = round(BAR_AREA * value / largest) if largest > 0 and value > 0 else 0
        top = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                label=label,
                value=value,
                y=top,
                text_y=top + BAR_HEIGHT // 2 + 5,
                width=width,
                value_x=LABEL_WIDTH + width + VALUE_GAP,
            )
        )
    return BarChart(
        bars=bars,
        width=WIDTH,
        height=max(len(items), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


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

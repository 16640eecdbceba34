"""Bar charts drawn on the server as SVG: the geometry is computed here from figures
that are already aggregated (a handful of rows), the template only places it.

- bar_chart: one horizontal bar per (label, value), such as the subsidy per
  municipality;
- series_chart: per label (a year), one thin bar per series (revenue, value creation),
  a value of None or below 0 drawn as no bar, its figure written beside it."""

from dataclasses import dataclass
from decimal import Decimal

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


SERIES_LABEL_WIDTH = 56  # room for a year left of its bars
SERIES_BAR_HEIGHT = 14
SERIES_BAR_GAP = 3
SERIES_ROW_GAP = 12
SERIES_WIDTH = SERIES_LABEL_WIDTH + BAR_AREA + VALUE_GAP + VALUE_WIDTH


@dataclass(frozen=True)
class SeriesBar:
    series: int  # 0 for the first series, 1 for the second…
    value: Decimal | None
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class SeriesRow:
    label: str
    text_y: int  # the label's baseline, in the middle of the row's bars
    bars: list[SeriesBar]


@dataclass(frozen=True)
class SeriesChart:
    rows: list[SeriesRow]
    width: int
    height: int
    label_width: int
    bar_height: int


def series_chart(rows: list[tuple[str, tuple[Decimal | None, ...]]]) -> SeriesChart:
    """Per (label, values) row a bar for each value, the largest value of every series
    BAR_AREA wide, so the series compare."""
    largest = max(
        (value for _, values in rows for value in values if value is not None and value > 0),
        default=Decimal(0),
    )
    count = max((len(values) for _, values in rows), default=1)
    row_height = count * (SERIES_BAR_HEIGHT + SERIES_BAR_GAP) + SERIES_ROW_GAP
    chart_rows = []
    for index, (label, values) in enumerate(rows):
        top = index * row_height + SERIES_ROW_GAP // 2
        bars = []
        for series, value in enumerate(values):
            y = top + series * (SERIES_BAR_HEIGHT + SERIES_BAR_GAP)
            width = round(BAR_AREA * value / largest) if value and value > 0 and largest else 0
            bars.append(
                SeriesBar(
                    series=series,
                    value=value,
                    y=y,
                    text_y=y + SERIES_BAR_HEIGHT - 3,
                    width=width,
                    value_x=SERIES_LABEL_WIDTH + width + VALUE_GAP,
                )
            )
        chart_rows.append(SeriesRow(label=label, text_y=top + row_height // 2, bars=bars))
    return SeriesChart(
        rows=chart_rows,
        width=SERIES_WIDTH,
        height=max(len(rows), 1) * row_height,
        label_width=SERIES_LABEL_WIDTH,
        bar_height=SERIES_BAR_HEIGHT,
    )

"""Money: Decimal kroner with øre, one rounding rule, one display format.

Never float. Amounts are `DecimalField(max_digits=14, decimal_places=2)`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

ZERO = Decimal("0.00")
ORE = Decimal("0.01")
# Between thousands and before "kr": a no-break space, so that an amount never wraps.
NBSP = "\u00a0"


def round_nok(amount: Decimal) -> Decimal:
    """To whole øre, halves away from zero (as a Norwegian invoice does)."""
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` amounts of whole øre that add up exactly; the last takes the rest."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    share = (Decimal(total) / parts).quantize(ORE, rounding="ROUND_DOWN")
    return [share] * (parts - 1) + [round_nok(Decimal(total) - share * (parts - 1))]


def group_thousands(digits: str, separator: str = NBSP) -> str:
    """“1500000” as “1 500 000”."""
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return separator.join(groups)


def amount_text(amount: Decimal, *, separator: str = NBSP, minus: str = "−") -> str:
    """“1 500 000”, “2 300,50”, “−800”: whole øre, shown only when there are any."""
    amount = round_nok(amount)
    sign = minus if amount < 0 else ""
    whole, _dot, ore = f"{abs(amount):.2f}".partition(".")
    text = sign + group_thousands(whole, separator)
    return text if ore == "00" else f"{text},{ore}"


def format_nok(amount: Decimal | None, *, unit: bool = True) -> str:
    """“1 500 000 kr”, “2 300,50 kr”, “−800 kr”: øre only when there are any."""
    if amount is None:
        return ""
    return amount_text(amount) + (NBSP + "kr" if unit else "")


def format_percent(share: Decimal | None) -> str:
    """A share (0.254) as “25,4 %”."""
    if share is None:
        return ""
    value = (Decimal(share) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:f}".replace(".", ",")
    if text.endswith(",0"):
        text = text[:-2]
    return text + NBSP + "%"


class MoneyField(models.DecimalField):
    """Kroner with øre."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

"""Money and the other figures pages show: Decimal kroner with øre, one rounding rule,
one display format for kroner, euros, per cent, hours and counts; a share stored 0..1
shown and typed as per cent (`ShareField`).

Never float. Amounts are `MoneyField`s (`DecimalField(max_digits=14, decimal_places=2)`),
in kroner unless the field says `currency="EUR"`.
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


def format_amount(amount: Decimal | None, currency: str = "NOK") -> str:
    """An amount in its currency: “1 500 000 kr”, or “442,26 EUR” (øre or cents only
    when there are any)."""
    if amount is None:
        return ""
    if currency == "NOK":
        return format_nok(amount)
    return amount_text(amount) + NBSP + currency


def format_decimal(value: Decimal | None, places: int) -> str:
    """A number with its thousands grouped and always `places` decimals: “11,2345”."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    whole, _dot, fraction = f"{abs(value):.{places}f}".partition(".")
    return sign + group_thousands(whole) + (f",{fraction}" if places else "")


def format_hours(hours: Decimal | None) -> str:
    """Hours always with two decimals: “80,00”, “1 273,50”."""
    return format_decimal(hours, 2)


def format_count(count: int | None) -> str:
    """A whole number with its thousands grouped: “1 145”."""
    if count is None:
        return ""
    sign = "−" if count < 0 else ""
    return sign + group_thousands(str(abs(int(count))))


def format_percent(share: Decimal | None) -> str:
    """A share (0.254) as “25,4 %”; a negative one (a fall) as “−20 %”."""
    if share is None:
        return ""
    value = (Decimal(share) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{abs(value):f}".replace(".", ",")
    if text.endswith(",0"):
        text = text[:-2]
    return ("−" if value < 0 else "") + text + NBSP + "%"


def percent_text(share: Decimal | None, *, space: str = NBSP) -> str:
    """A share (0.125) as its exact per cent, “12,5 %”: as many decimals as it has."""
    if share is None:
        return ""
    value = (Decimal(share) * 100).normalize()
    sign = "−" if value < 0 else ""
    whole, _dot, fraction = f"{abs(value):f}".partition(".")
    return sign + group_thousands(whole) + (f",{fraction}" if fraction else "") + space + "%"


class ShareField(models.DecimalField):
    """A share stored as a fraction from 0 to 1 (0.25), shown and typed as per cent
    (“25 %”, core.forms.PercentField). How it is shown and typed is no part of the
    migration state: it deconstructs as the DecimalField it is stored as."""

    def __init__(self, *args, form_help_text=None, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 4)
        # The help text of the form, where the stored one speaks of the fraction.
        self.form_help_text = form_help_text
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def display_value(self, value) -> str:
        """The share as pages, history and the admin show it: “25 %”."""
        return percent_text(value)

    def formfield(self, **kwargs):
        from core.forms import PercentField  # core.forms reads this module's formats

        if self.form_help_text is not None:
            kwargs.setdefault("help_text", self.form_help_text)
        return super().formfield(**{"form_class": PercentField, **kwargs})


class MoneyField(models.DecimalField):
    """Kroner with øre, or euros with cents (`currency="EUR"`). The currency is how the
    amount is shown, not how it is stored, so it is not part of the migration state."""

    def __init__(self, *args, currency: str = "NOK", **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        self.currency = currency
        super().__init__(*args, **kwargs)

    def display_value(self, value) -> str:
        """The amount as pages, history and the admin show it."""
        return format_amount(value, self.currency)

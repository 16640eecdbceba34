"""CHECK constraints whose validation (`full_clean()`) is worked out in Python.

Django validates a CheckConstraint by asking the database (`Q.check()`: a savepoint and
a query for each constraint of each row saved through a form or a service). The
constraints here are conditions on the row's own fields — comparisons, ranges, `isnull`,
`in`, a regular expression — which Python can decide just as the database does, in the
three-valued logic of SQL: a comparison with NULL is unknown, and a CHECK passes unless
its condition is false. Anything else (a relation, a function, a generated field) is
left to Django's query as before.

The database keeps its CHECK either way: this changes how soon and how cheaply the
Norwegian message comes, not what is allowed.
"""

import operator
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Round

UNKNOWN = None  # SQL's third truth value

_COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class CannotSay(Exception):
    """The condition needs the database to decide."""


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _operand(value, values: dict):
    """The value of a comparison's right-hand side: a constant, another field (F), sums
    and differences of those, or their Round() to whole øre."""
    if isinstance(value, F):
        if value.name not in values:
            raise CannotSay(value.name)
        return values[value.name]
    if isinstance(value, Value):
        return value.value
    if isinstance(value, CombinedExpression) and value.connector in _ARITHMETIC:
        left, right = _operand(value.lhs, values), _operand(value.rhs, values)
        if left is None or right is None:
            return None
        return _ARITHMETIC[value.connector](left, right)
    if isinstance(value, Round):
        number, places = (_operand(part, values) for part in value.get_source_expressions())
        if number is None:
            return None
        if not isinstance(number, Decimal) or not isinstance(places, int):
            raise CannotSay(value)
        # The database's ROUND: halves away from zero.
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if hasattr(value, "resolve_expression"):
        raise CannotSay(value)
    return value


def _term(lookup: str, rhs, values: dict) -> bool | None:
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    if name not in values:
        raise CannotSay(name)
    value = values[name]
    if kind == "isnull":
        return (value is None) == bool(rhs)
    if kind == "exact" and rhs is None:
        return value is None  # Django reads `field=None` as IS NULL
    if kind == "range":  # BETWEEN: both ends, as SQL joins them
        low, high = rhs
        return evaluate(Q(**{f"{name}__gte": low}) & Q(**{f"{name}__lte": high}), values)
    if kind == "in":
        if value is None:
            return UNKNOWN
        return value in [_operand(item, values) for item in rhs]
    if kind == "regex":
        if value is None:
            return UNKNOWN
        if not isinstance(value, str):
            raise CannotSay(lookup)
        return re.search(rhs, value) is not None
    if kind not in _COMPARE:
        raise CannotSay(lookup)
    other = _operand(rhs, values)
    if value is None or other is None:
        return UNKNOWN
    return _COMPARE[kind](value, other)


def evaluate(condition, values: dict) -> bool | None:
    """True, False or UNKNOWN (None): the condition for a row of these field values, as
    SQL decides it. Raises CannotSay for a condition only the database can decide."""
    if isinstance(condition, Q):
        results = [evaluate(child, values) for child in condition.children]
        if condition.connector == Q.AND:
            result = False if False in results else (UNKNOWN if UNKNOWN in results else True)
        elif condition.connector == Q.OR:
            result = True if True in results else (UNKNOWN if UNKNOWN in results else False)
        else:
            raise CannotSay(condition.connector)
        if condition.negated and result is not UNKNOWN:
            result = not result
        return result
    if isinstance(condition, tuple) and len(condition) == 2:
        return _term(*condition, values)
    raise CannotSay(condition)


def field_values(model: type[models.Model], instance: models.Model, exclude=None) -> dict:
    """The row's values by field name (and by column name), the excluded fields left
    out, as Django's validation sees them."""
    exclude = exclude or set()
    values = {}
    for field in model._meta.local_concrete_fields:
        if field.name in exclude or field.generated:
            continue
        values[field.name] = values[field.attname] = getattr(instance, field.attname)
    if "pk" not in exclude:
        values["pk"] = instance.pk
    return values


class CheckConstraint(models.CheckConstraint):
    """Django's CheckConstraint, validated in Python where its condition allows."""

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            result = evaluate(Q(self.condition), field_values(model, instance, exclude))
        except (CannotSay, TypeError):
            # An excluded field, or a condition only the database can decide.
            return super().validate(model, instance, exclude=exclude, using=using)
        if result is False:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def deconstruct(self):
        # The same constraint in the database: migrations need not know the difference.
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

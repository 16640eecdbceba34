"""CHECK constraints validated in Python (core.constraints) decide as the database does:
each condition below, for each row of values, is put to the database too (Django's own
`Q.check()`, NULL passing as a CHECK lets it), and every constraint of the product's
models is one Python can decide, so that saving a row asks no query for it."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import BooleanField, CharField, DateField, DecimalField, F, Q, Value
from django.db.models.functions import Coalesce, Round

from core.constraints import CannotSay, CheckConstraint, evaluate

CONDITIONS = [
    Q(amount__gte=0),
    Q(amount__isnull=True) | Q(amount__gte=0),
    Q(first__lte=F("last")),
    Q(last__isnull=True) | Q(last__gte=F("first")),
    Q(first__range=(date(2000, 1, 1), date(2099, 12, 31))),
    Q(number__regex=r"^[0-9]{9}\Z"),
    Q(kind__in=["a", "b"]),
    ~Q(kind="a") | Q(amount__gt=Decimal("10.50")),
    Q(kind="a", amount__lt=5) | Q(kind=None),
    ~(Q(amount__gte=0) & Q(first__gte=date(2016, 1, 1))),
    Q(amount=Round(F("price") - F("own_share"), 2)),
    Q(amount__lte=F("price") + F("own_share")),
]
ROWS = [
    {"amount": Decimal("0"), "first": date(2016, 3, 1), "last": date(2016, 3, 1),
     "number": "912345688", "kind": "a", "price": Decimal("10.005"), "own_share": Decimal("10")},
    {"amount": Decimal("-0.01"), "first": date(1999, 12, 31), "last": date(1998, 1, 1),
     "number": "91234568", "kind": "b", "price": Decimal("5"), "own_share": Decimal("5.01")},
    {"amount": None, "first": date(2100, 1, 1), "last": None, "number": "9123456889",
     "kind": None, "price": None, "own_share": Decimal("1")},
    {"amount": Decimal("11"), "first": None, "last": date(2020, 1, 1), "number": None,
     "kind": "c", "price": Decimal("1000.50"), "own_share": Decimal("989.50")},
    {"amount": Decimal("4"), "first": date(2016, 1, 1), "last": date(2016, 12, 31),
     "number": "91234568\n", "kind": "a", "price": Decimal("-2.345"), "own_share": Decimal("0")},
]  # fmt: skip


OUTPUT = {
    "amount": DecimalField(max_digits=14, decimal_places=2),
    "first": DateField(),
    "last": DateField(),
    "number": CharField(),
    "kind": CharField(),
    "price": DecimalField(max_digits=14, decimal_places=3),
    "own_share": DecimalField(max_digits=14, decimal_places=3),
}


def database_says(condition: Q, row: dict) -> bool:
    """Whether the database lets the row pass the CHECK (NULL passes)."""
    against = {name: Value(value, OUTPUT[name]) for name, value in row.items()}
    return Q(Coalesce(condition, True, output_field=BooleanField())).check(against)


@pytest.mark.parametrize("condition", CONDITIONS, ids=str)
def test_python_decides_every_row_as_the_database_does(db, condition):
    for row in ROWS:
        assert (evaluate(condition, row) is not False) == database_says(condition, row), row


def test_a_condition_python_cannot_decide_is_left_to_the_database():
    with pytest.raises(CannotSay):
        evaluate(Q(company__name="x"), {"company": 1})
    with pytest.raises(CannotSay):
        evaluate(Q(amount__gte=F("missing")), {"amount": 1})


def test_every_check_constraint_of_the_product_is_decided_in_python():
    """No constraint falls back to a query: each is ours, and each decides a row of
    empty values without the database."""
    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in {
            "core",
            "municipalities",
            "programmes",
            "funding",
            "reports",
            "imports",
            "accounts",
            "downloads",
            "jobs",
        }:
            continue  # fmt: skip
        for constraint in model._meta.constraints:
            if not isinstance(constraint, CheckConstraint.__mro__[1]):
                continue
            assert isinstance(constraint, CheckConstraint), (model, constraint.name)
            values = {field.name: None for field in model._meta.local_concrete_fields}
            values |= {field.attname: None for field in model._meta.local_concrete_fields}
            evaluate(Q(constraint.condition), values)  # raises CannotSay if it cannot
            checked += 1
    assert checked >= 30

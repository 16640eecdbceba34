"""The one sorting helper of every list: a whitelist of keys, the default for anything
else, the column headings' state and the link that turns the order around."""

from core.sorting import Sorting

KEYS = {"name": ("name",), "date": ("date", "name")}


def test_a_known_key_sorts_ascending_and_with_a_minus_descending():
    assert Sorting({"sort": "name"}, KEYS, "-date").current == "name"
    assert Sorting({"sort": "-name"}, KEYS, "-date").current == "-name"


def test_an_unknown_or_damaged_key_is_ignored_for_the_default():
    for value in ["secret_field", "--name", "name;drop", "", "-", "pk", "x" * 5000]:
        sorting = Sorting({"sort": value}, KEYS, "-date")
        assert sorting.current == "-date"
        assert sorting.value == ""


def test_the_order_ends_with_the_primary_key_and_puts_empty_values_last():
    order = Sorting({"sort": "-date"}, KEYS, "name").order_by()
    assert [str(part) for part in order[:-1]] == [
        str(part) for part in Sorting({"sort": "-date"}, KEYS, "name").order_by()[:-1]
    ]
    assert order[-1] == "-pk"
    assert all(part.nulls_last for part in order[:-1])
    assert all(part.descending for part in order[:-1])
    assert Sorting({}, KEYS, "name").order_by()[-1] == "pk"


def test_the_sorted_column_links_to_the_other_way_round_and_the_others_to_ascending():
    columns = Sorting({"sort": "name"}, KEYS, "-date").columns
    assert (columns["name"].sorted, columns["name"].link) == ("ascending", "-name")
    assert (columns["date"].sorted, columns["date"].link) == ("", "date")
    columns = Sorting({}, KEYS, "-date").columns
    assert (columns["date"].sorted, columns["date"].link) == ("descending", "date")


def test_a_field_that_is_never_empty_is_ordered_as_an_index_can_serve_it():
    """`date DESC` rather than `date DESC NULLS LAST` (the same order on a NOT NULL
    column, and one PostgreSQL reads from an index); a nullable field or relation keeps
    its empty values last."""
    from funding.models import PricedService

    keys = {"date": ("date",), "grant": ("grant__title",), "company": ("company__name",)}
    plain = Sorting({"sort": "-date"}, keys, "-date").order_by(PricedService)[0]
    assert (plain.descending, plain.nulls_last) == (True, None)
    for key in ("grant", "-grant"):
        assert Sorting({"sort": key}, keys, "-date").order_by(PricedService)[0].nulls_last
    company = Sorting({"sort": "company"}, keys, "-date").order_by(PricedService)[0]
    assert company.nulls_last is None

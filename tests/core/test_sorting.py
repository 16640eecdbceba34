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

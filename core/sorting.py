"""Sortable lists: one helper for every list page.

A list declares its sort keys, the whitelist of what `?sort=` may say, each with the
fields it orders by, and its default:

    sorting = Sorting(request.GET, {"name": ("name",), "date": ("date", "name")}, "-date")
    rows = sorting.apply(queryset)

`?sort=name` sorts ascending, `?sort=-name` descending; anything else (an unknown key, a
damaged value) is ignored and the default holds, never an error. The order always ends
with the primary key, so that pages do not overlap. Empty values come last both ways.

The template includes `includes/_sort_heading.html` per sortable column heading: a link
that keeps the filters (`{% querystring %}`), goes back to the first page and turns the
order around when the column is already sorted; the sorted column has `aria-sort`.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Model, QuerySet

PARAMETER = "sort"


@dataclass(frozen=True)
class Column:
    """A column heading's state: `sorted` is "ascending", "descending" or ""; `link` is
    the value of `?sort=` its heading links to."""

    key: str
    sorted: str
    link: str


def _may_be_empty(model: type[Model], path: str) -> bool:
    """Whether `path` ("date", "company__name") can be NULL in a row of `model`: a
    nullable field or any nullable relation on the way (a LEFT JOIN). Unknown paths
    (an annotation) are taken as possibly empty."""
    try:
        fields = get_fields_from_path(model, path)
    except (FieldDoesNotExist, NotRelationField):
        return True
    return any(getattr(field, "null", True) or not field.concrete for field in fields)


class Sorting:
    def __init__(self, query: Mapping[str, str], keys: dict[str, tuple[str, ...]], default: str):
        self.keys = keys
        self.default = default
        asked = query.get(PARAMETER, "")
        asked = asked if isinstance(asked, str) else ""
        parsed = self._parse(asked) or self._parse(default)
        if parsed is None:
            raise ValueError(f"the default sort {default!r} is not one of the list's keys")
        self.key, self.descending = parsed
        # What a filter form carries along (hidden), empty when the default holds.
        self.value = "" if self.current == default else self.current

    def _parse(self, value: str) -> tuple[str, bool] | None:
        key = value.removeprefix("-")
        if key not in self.keys:
            return None
        return key, value.startswith("-")

    @property
    def current(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order_by(self, model: type[Model] | None = None) -> list:
        """The ORDER BY, empty values last. Given the list's model, a field that can
        never be empty is ordered plainly: `date DESC` rather than `date DESC NULLS
        LAST`, which is the same order and one an index on the column can serve
        (PostgreSQL reads such an index backwards as DESC NULLS FIRST)."""
        fields = []
        for name in self.keys[self.key]:
            nulls_last = True if model is None else _may_be_empty(model, name)
            order = F(name).desc if self.descending else F(name).asc
            fields.append(order(nulls_last=True) if nulls_last else order())
        return [*fields, "-pk" if self.descending else "pk"]

    def apply(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*self.order_by(queryset.model))

    @property
    def columns(self) -> dict[str, Column]:
        """Per sort key, the state its heading shows (`sorting.columns.name`)."""
        columns = {}
        for key in self.keys:
            if key == self.key:
                state = "descending" if self.descending else "ascending"
                link = key if self.descending else f"-{key}"
            else:
                state, link = "", key
            columns[key] = Column(key=key, sorted=state, link=link)
        return columns

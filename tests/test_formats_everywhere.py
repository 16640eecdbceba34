"""One set of formats on every page: each page of the role matrix, in Norwegian and in
English, shows no number of five digits or more that is not grouped ("1 500 000 kr",
"979 830 580"), and no date in the US order.

The world of the role matrix gets figures large enough to show it: an amount in the
hundreds of thousands, more than a thousand employees, and the organisation numbers of
its companies."""

import re
from decimal import Decimal
from html import unescape

import pytest

from programmes.models import KeyFigures
from tests.test_role_matrix import (  # noqa: F401 - the matrix's fixtures
    clients,
    html_of,
    pages_of,
    world,
)

# Digits in a row, five or more: a number nobody grouped. Ids and tokens live in
# attributes and scripts, which are left out of the text; an example in quotes of what
# a person may type (“55101”) is not a figure.
UNGROUPED = re.compile(r"(?<![\d.,:/“«-])\d{5,}(?![\d”»])")
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
# Left out too: the admin's summary of a password hash (its salt, masked, in <bdi>).
HIDDEN = re.compile(r"<(script|style|textarea|template|bdi)\b.*?</\1>", re.S)


def visible_text(html: str) -> str:
    html = HIDDEN.sub(" ", html)
    html = re.sub(r"<input\b[^>]*>", " ", html)  # a typed value is the person's own
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_page_shows_an_ungrouped_number_or_a_us_date(clients, world, language):  # noqa: F811
    KeyFigures.objects.filter(pk=world.figures.pk).update(
        employees=1145, revenue=Decimal("12345678.90")
    )
    found = {}
    # The manager sees every staff page an adviser does, and more; the administrator the
    # admin's.
    for role in ("manager", "administrator"):
        client = clients[role]
        client.cookies["django_language"] = language
        for _name, path in pages_of(role, world):
            html = html_of(client.get(path, headers={"accept-language": language}))
            if html is None:
                continue
            text = visible_text(html)
            bad = UNGROUPED.findall(text) + US_DATE.findall(text)
            if bad:
                found[f"{role} {path}"] = sorted(set(bad))[:5]
    assert not found, found

"""Every list sorts by its column headings (core.sorting): each key either way answers
with that column marked by aria-sort, the headings keep the filters and go back to the
first page, and a key a list does not know is ignored (the default order), never a 500."""

import re
from html import unescape

import pytest

from funding.views.grants import GRANT_SORTS
from funding.views.services import SERVICE_SORTS
from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from programmes.views.companies import COMPANY_SORTS
from programmes.views.events import EVENT_SORTS
from programmes.views.users import USER_SORTS
from tests.programmes.factories import make_company, make_event

LISTS = [
    ("/companies/", {"q": "bedrift"}, COMPANY_SORTS),
    ("/services/", {"year": "2016"}, SERVICE_SORTS),
    ("/events/", {"year": "2016"}, EVENT_SORTS),
    ("/funding/", {"year": "2016"}, GRANT_SORTS),
    ("/users/", {}, USER_SORTS),
]


@pytest.fixture
def roros(reference_data, adviser, manager):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    for user in (adviser, manager):
        staff_membership_set(user=user, naeringshage=roros)
    make_company(roros, 1)
    make_company(roros, 2)
    make_event(roros, adviser)
    return roros


def sorted_headings(page: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*aria-sort="(\w+)"', page)


@pytest.mark.parametrize(("path", "filters", "keys"), LISTS)
def test_every_key_sorts_both_ways_and_marks_its_column(roros, manager_client, path, filters, keys):
    for key in keys:
        for value, state in ((key, "ascending"), (f"-{key}", "descending")):
            response = manager_client.get(path, {**filters, "sort": value})
            assert response.status_code == 200, value
            assert sorted_headings(response.content.decode()) == [state], value


@pytest.mark.parametrize(("path", "filters", "keys"), LISTS)
def test_the_headings_keep_the_filters_and_leave_the_page(
    roros, manager_client, path, filters, keys
):
    key = next(iter(keys))
    page = unescape(manager_client.get(path, {**filters, "page": "1"}).content.decode())
    links = re.findall(r'<a class="ds-link sort-link" href="\?([^"]*)"', page)
    assert len(links) == len(keys)
    for link in links:
        assert all(f"{name}={value}" in link for name, value in filters.items())
        assert "page=" not in link
    assert any(f"sort={key}" in link or f"sort=-{key}" in link for link in links)


@pytest.mark.parametrize(("path", "filters", "keys"), LISTS)
@pytest.mark.parametrize("bad", ["password", "-naeringshage__name", "--x", "a" * 300, "pk"])
def test_a_key_the_list_does_not_know_is_ignored(roros, manager_client, path, filters, keys, bad):
    response = manager_client.get(path, {**filters, "sort": bad})
    assert response.status_code == 200
    assert len(sorted_headings(response.content.decode())) == 1

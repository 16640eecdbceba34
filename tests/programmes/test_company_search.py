"""The company search, as people type: one typo, the organisation number with or
without spaces or only its start, and never another næringshage's company. The same
tests run on SQLite (the fallback in Python) and on PostgreSQL (pg_trgm)."""

import pytest

from programmes.selectors.search import company_search, within_one_edit
from tests.programmes.factories import make_company, organisation_number


@pytest.fixture
def companies(staff_of_rorosregionen, other_naeringshage):
    roros = staff_of_rorosregionen
    return {
        "fjellbakst": make_company(roros, 1, name="Fjellbakst AS"),
        "roros_kjott": make_company(roros, 2, name="Røros Kjøtt og Flatbrød AS"),
        "hytte": make_company(roros, 3, name="Tynset Hytteutleie"),
        "other": make_company(other_naeringshage, 4, name="Fjellbakst Nord AS"),
    }


def names(naeringshage, text: str) -> list[str]:
    return [company.name for company in company_search(naeringshage=naeringshage, text=text)]


def test_one_typo_still_finds_the_company(companies, rorosregionen):
    assert names(rorosregionen, "fjelbakst") == ["Fjellbakst AS"]
    assert names(rorosregionen, "Fjellbaxst") == ["Fjellbakst AS"]
    assert "Tynset Hytteutleie" in names(rorosregionen, "hyteutleie")


def test_a_part_of_the_name_is_found_as_typed(companies, rorosregionen):
    assert names(rorosregionen, "kjøtt") == ["Røros Kjøtt og Flatbrød AS"]
    assert names(rorosregionen, "AS") == ["Fjellbakst AS", "Røros Kjøtt og Flatbrød AS"]


def test_the_organisation_number_is_found_with_or_without_spaces_and_by_its_start(
    companies, rorosregionen
):
    number = organisation_number(1)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert names(rorosregionen, number) == ["Fjellbakst AS"]
    assert names(rorosregionen, spaced) == ["Fjellbakst AS"]
    assert names(rorosregionen, f"{number[:3]} {number[3:6]}") != []
    assert "Fjellbakst AS" in names(rorosregionen, number[:6])


def test_another_naeringshages_company_is_never_found(companies, rorosregionen, other_naeringshage):
    assert "Fjellbakst Nord AS" not in names(rorosregionen, "fjellbakst nord")
    assert "Fjellbakst Nord AS" not in names(rorosregionen, organisation_number(4))
    assert "Fjellbakst AS" not in names(other_naeringshage, "fjellbakst")


def test_a_name_starting_with_the_text_comes_first(companies, rorosregionen):
    make_company(rorosregionen, 5, name="Bakeriet i Fjellbakst-gata")
    assert names(rorosregionen, "fjellbakst")[0] == "Fjellbakst AS"


def test_nothing_close_finds_nothing(companies, rorosregionen):
    assert names(rorosregionen, "elektrikerfirma") == []


def test_the_search_costs_a_fixed_number_of_queries(
    companies, rorosregionen, django_assert_max_num_queries
):
    for serial in range(10, 40):
        make_company(rorosregionen, serial)
    with django_assert_max_num_queries(2):
        names(rorosregionen, "fjelbakst")


@pytest.mark.parametrize(
    ("needle", "haystack", "close"),
    [
        ("fjelbakst", "fjellbakstas", True),
        ("fjellbakst", "fjelbakstas", True),
        ("fjellbasst", "fjellbakstas", True),
        ("fjebakst", "fjellbakstas", False),
        ("", "anything", True),
    ],
)
def test_within_one_edit(needle, haystack, close):
    assert within_one_edit(needle, haystack) is close


def test_the_company_list_searches_with_a_typo(companies, adviser_client):
    page = adviser_client.get("/companies/", {"q": "fjelbakst"}).content.decode()
    assert "Fjellbakst AS" in page
    assert "Fjellbakst Nord AS" not in page
    assert "Tynset Hytteutleie" not in page


def test_the_company_list_sorts_by_a_column_and_keeps_the_search_in_its_links(
    companies, adviser_client
):
    page = adviser_client.get("/companies/", {"q": "as", "sort": "-name"}).content.decode()
    assert page.index("Røros Kjøtt og Flatbrød AS") < page.index("Fjellbakst AS")
    assert 'aria-sort="descending"' in page
    assert 'href="?q=as&amp;sort=name"' in page
    assert '<input type="hidden" name="sort" value="-name">' in page


def test_the_company_list_ignores_a_bad_sort_key(companies, adviser_client):
    response = adviser_client.get("/companies/", {"sort": "naeringshage__name"})
    assert response.status_code == 200
    assert 'aria-sort="ascending"' in response.content.decode()

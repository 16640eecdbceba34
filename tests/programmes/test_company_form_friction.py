"""The company form as an adviser meets it, through the test client: the error summary
of a refused form, the NACE code with or without its dot, and a duplicate organisation
number that links to the company already registered (in the same næringshage only)."""

import re

import pytest

from programmes.models import Company
from tests.programmes.factories import make_company, organisation_number
from tests.programmes.test_company_pages import company_post

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


def error_summary(page: str) -> str:
    found = re.search(r'<div class="ds-error-summary".*?</div>', page, re.DOTALL)
    assert found, "no error summary on the page"
    return found.group(0)


def summary_links(page: str) -> dict[str, str]:
    return dict(re.findall(r'<a class="ds-link" href="#([^"]+)">(.*?)</a>', error_summary(page)))


def test_a_refused_company_form_has_a_summary_linking_to_each_field(
    adviser_client, staff_of_rorosregionen
):
    response = adviser_client.post(
        "/companies/new/", company_post(name="", organisation_number="12345678")
    )

    page = text(response)
    assert response.status_code == 200
    links = summary_links(page)
    assert list(links) == ["id_organisation_number", "id_name"]
    assert links["id_organisation_number"].startswith("Organisasjonsnummer: ")
    assert "har 8 sifre" in links["id_organisation_number"]
    assert links["id_name"] == "Navn: Skriv inn bedriftens navn."
    for target in links:
        assert f'id="{target}"' in page
    form = page[page.index("<form") :]
    assert form.index("ds-error-summary") < form.index('id="id_organisation_number"')
    assert not Company.objects.exists()


def test_a_refusal_of_the_whole_form_is_in_the_summary_without_a_link(
    adviser_client, staff_of_rorosregionen
):
    company = make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS")

    response = adviser_client.post(
        f"/companies/{company.pk}/edit/",
        company_post(organisation_number=organisation_number(1), version="damaged"),
    )

    summary = error_summary(text(response))
    assert "Skjemaet er skadet: åpne siden på nytt." in summary
    assert "<a " not in summary


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("5510", "55.10"), ("55101", "55.101"), ("55.101", "55.101"), (" 55 10 ", "55.10")],
)
def test_the_nace_code_is_read_with_or_without_its_dot(
    adviser_client, staff_of_rorosregionen, typed, stored
):
    response = adviser_client.post("/companies/new/", company_post(nace_code=typed))

    assert response.status_code == 302
    assert Company.objects.get().nace_code == stored


def test_a_duplicate_organisation_number_links_to_the_company_already_registered(
    adviser_client, staff_of_rorosregionen
):
    existing = make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS")

    response = adviser_client.post(
        "/companies/new/", company_post(organisation_number=organisation_number(1))
    )

    page = text(response)
    assert response.status_code == 200
    summary_text = summary_links(page)["id_organisation_number"]
    assert "er allerede registrert, for Fjellbakst AS" in summary_text
    field_message = re.search(
        r'<div class="ds-validation-message"[^>]*id="id_organisation_number_error">.*?</div>',
        page,
        re.DOTALL,
    ).group(0)
    assert f'<a class="ds-link" href="/companies/{existing.pk}/">Åpne Fjellbakst AS</a>' in (
        field_message
    )
    assert Company.objects.count() == 1


def test_the_same_number_in_another_naeringshage_is_neither_refused_nor_linked(
    adviser_client, staff_of_rorosregionen, other_naeringshage
):
    elsewhere = make_company(other_naeringshage, 1, name="Hemmelig AS")

    response = adviser_client.post(
        "/companies/new/", company_post(organisation_number=organisation_number(1))
    )

    assert response.status_code == 302
    page = text(adviser_client.get(response["Location"]))
    assert "Hemmelig AS" not in page and f"/companies/{elsewhere.pk}/" not in page
    assert Company.objects.filter(naeringshage=staff_of_rorosregionen).count() == 1


def test_the_admin_shows_and_edits_a_service_types_default_hourly_rate(
    administrator_client, reference_data
):
    from decimal import Decimal

    from programmes.models import ServiceType

    advice = ServiceType.objects.get(slug="radgivning")
    change_url = f"/admin/programmes/servicetype/{advice.pk}/change/"
    page = text(administrator_client.get(change_url))
    assert 'name="default_hourly_rate"' in page and "Standard timepris" in page

    response = administrator_client.post(
        change_url,
        {
            "slug": advice.slug,
            "name": advice.name,
            "description": advice.description,
            "position": advice.position,
            "is_active": "on",
            "default_hourly_rate": "1250",
        },
    )

    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.default_hourly_rate == Decimal("1250")
    listing = text(administrator_client.get("/admin/programmes/servicetype/"))
    assert "1 250 kr" in listing

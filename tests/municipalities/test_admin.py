"""The admin of counties and municipalities: lists, forms and the refusals of bad input."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import County, Municipality, MunicipalityNumbering
from tests.municipalities.factories import municipality

pytestmark = pytest.mark.usefixtures("reference_data")

NUMBERING_ADD = "/admin/municipalities/municipalitynumbering/add/"


def change_url(municipality: Municipality) -> str:
    return f"/admin/municipalities/municipality/{municipality.pk}/change/"


def numbering_form(**changes) -> dict:
    """A new numbering for Tynset from 2040, as typed in the admin."""
    data = {
        "municipality": Municipality.objects.get(slug="tynset").pk,
        "number": "3427",
        "name": "Tynset",
        "county": County.objects.get(slug="innlandet").pk,
        "valid_from": "01.01.2040",
        "valid_to": "",
    }
    return {**data, **changes}


def form_errors(response) -> dict:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "url",
    [
        "/admin/municipalities/county/",
        "/admin/municipalities/municipality/",
        "/admin/municipalities/municipality/?county=1&q=Os",
        "/admin/municipalities/municipalitynumbering/",
        "/admin/municipalities/municipalitynumbering/?q=1640",
        "/admin/municipalities/municipality/add/",
        "/admin/municipalities/county/add/",
    ],
)
def test_the_admin_pages_open(administrator_client, url):
    assert administrator_client.get(url).status_code == 200


def test_the_municipality_list_shows_todays_number_and_county(administrator_client):
    response = administrator_client.get("/admin/municipalities/municipality/")

    html = response.content.decode()
    assert "3427" in html
    assert "Os (Innlandet)" in html
    assert "Innlandet" in html


def test_the_municipality_list_costs_the_same_queries_for_more_municipalities(
    administrator_client,
):
    url = "/admin/municipalities/municipality/"
    with CaptureQueriesContext(connection) as for_ten:
        administrator_client.get(url)
    innlandet = County.objects.get(slug="innlandet")
    for number in range(3440, 3465):
        municipality(
            f"kommune-{number}", (str(number), "Kommune", innlandet, date(2020, 1, 1), None)
        )

    with CaptureQueriesContext(connection) as for_thirty_five:
        response = administrator_client.get(url)

    assert response.context["cl"].result_count == 35
    assert len(for_thirty_five.captured_queries) == len(for_ten.captured_queries)


def test_the_change_page_shows_the_numbering_history_as_rows(administrator_client):
    response = administrator_client.get(change_url(Municipality.objects.get(slug="roros")))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.number for form in formset.forms] == ["1640", "5025"]


def test_the_admin_saves_a_correct_numbering(administrator_client):
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2039, 12, 31))

    response = administrator_client.post(NUMBERING_ADD, numbering_form(number="3499"))

    assert response.status_code == 302
    assert MunicipalityNumbering.objects.filter(number="3499").exists()


@pytest.mark.parametrize("number", ["437", "34270"])
def test_the_admin_refuses_a_number_of_three_or_five_digits(administrator_client, number):
    response = administrator_client.post(NUMBERING_ADD, numbering_form(number=number))

    assert form_errors(response)["number"] == [
        "Kommunenummeret må ha nøyaktig fire sifre, med null først der det er en, som «0437» "
        "eller «5025»."
    ]


def test_the_admin_refuses_a_number_that_does_not_start_with_the_county_number(
    administrator_client,
):
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2039, 12, 31))

    response = administrator_client.post(NUMBERING_ADD, numbering_form(number="5099"))

    assert "de to første sifrene må være 34" in form_errors(response)["number"][0]


def test_the_admin_refuses_an_end_before_the_start(administrator_client):
    response = administrator_client.post(NUMBERING_ADD, numbering_form(valid_to="31.12.2039"))

    assert (
        "«Gyldig til» (31.12.2039) kan ikke være før «gyldig fra»"
        in (form_errors(response)["valid_to"][0])
    )


def test_the_admin_refuses_a_period_overlapping_the_municipalitys_other_number(
    administrator_client,
):
    response = administrator_client.post(NUMBERING_ADD, numbering_form(number="3499"))

    assert "Perioden overlapper kommunens nummer 3427" in form_errors(response)["valid_from"][0]
    assert not MunicipalityNumbering.objects.filter(number="3499").exists()


def test_the_admin_refuses_a_number_another_municipality_holds(administrator_client):
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2039, 12, 31))

    response = administrator_client.post(NUMBERING_ADD, numbering_form(number="3426"))

    assert form_errors(response)["number"] == [
        "Kommunenummeret 3426 brukes av Tolga (fra 01.01.2020)."
    ]


def inline_post_data(response) -> dict:
    """The change form as the browser would send it back unchanged."""
    data = {}
    admin_form = response.context["adminform"].form
    for name in admin_form.fields:
        value = admin_form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is None or value is False:
                    continue
                data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_the_admin_refuses_two_rows_of_one_municipality_that_overlap(administrator_client):
    roros = Municipality.objects.get(slug="roros")
    data = inline_post_data(administrator_client.get(change_url(roros)))
    prefix = "numberings"
    # Both rows changed in one save: the first now runs into the second.
    data[f"{prefix}-0-valid_to"] = "31.12.2018"
    data[f"{prefix}-1-name"] = "Røros kommune"

    response = administrator_client.post(change_url(roros), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    errors = " ".join(formset.non_form_errors()) + " ".join(
        " ".join(message for messages in form.errors.values() for message in messages)
        for form in formset.forms
    )
    assert "overlapper" in errors
    assert MunicipalityNumbering.objects.get(number="1640").valid_to == date(2017, 12, 31)


def test_a_new_municipality_with_overlapping_rows_is_refused_as_a_whole(administrator_client):
    innlandet = County.objects.get(slug="innlandet").pk
    prefix = "numberings"
    data = {
        "slug": "ny-kommune",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-number": "3490",
        f"{prefix}-0-name": "Ny",
        f"{prefix}-0-county": innlandet,
        f"{prefix}-0-valid_from": "01.01.2030",
        f"{prefix}-1-number": "3491",
        f"{prefix}-1-name": "Ny",
        f"{prefix}-1-county": innlandet,
        f"{prefix}-1-valid_from": "01.01.2031",
    }

    response = administrator_client.post("/admin/municipalities/municipality/add/", data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [
        "To rader gjelder samme dag: fra 01.01.2030 og fra 01.01.2031. Endre «gyldig fra» "
        "eller «gyldig til» slik at periodene ikke overlapper."
    ]
    assert not Municipality.objects.filter(slug="ny-kommune").exists()

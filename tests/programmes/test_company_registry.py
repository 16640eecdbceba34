"""The company form filled from Enhetsregisteret, and a company's status in it, through
Django's test client against the stand-in register (tests/registry_server.py)."""

import re
from html import unescape

import pytest
from django.core import signing

from programmes.models import Company
from tests import registry_server as brreg
from tests.programmes.factories import make_company, municipality

Status = Company.RegistryStatus
NBSP = "\u00a0"


def text(response) -> str:
    return unescape(response.content.decode()).replace(NBSP, " ")


def form_values(response) -> dict[str, str]:
    """The main form's fields as the page gives them (inputs' values, selected options)."""
    html = response.content.decode()
    form = html[html.index('<form class="stack" method="post"') :]
    form = form[: form.index("</form>")]
    values = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = unescape(body).strip()
    values.pop("csrfmiddlewaretoken", None)
    return values


@pytest.fixture
def form_page(staff_of_rorosregionen, adviser_client, registry):
    def page(number: str):
        return adviser_client.get("/companies/new/", {"lookup": number})

    return page


def test_the_form_is_filled_from_the_register_and_saved_with_its_status(
    form_page, adviser_client, registry
):
    page = form_page("916 234 503")
    assert page.status_code == 200
    values = form_values(page)
    assert values["organisation_number"] == "916 234 503"
    assert values["name"] == "RØROS TRE OG DESIGN AS"
    assert values["organisation_form"] == "AS"
    assert values["nace_code"] == "16.230"
    assert values["address"] == "Osloveien 14, 7374 RØROS"
    assert values["registered_on"] == "2014-04-02"
    assert values["founded_on"] == "2014-03-11"
    assert values["municipality"] == str(municipality("roros").pk)
    shown = text(page)
    assert "Fra Enhetsregisteret" in shown
    assert "16.230 Produksjon av monteringsferdige hus" in shown
    assert "Sjekk det, og lagre." in shown
    assert registry.requests == [f"/enhetsregisteret/api/enheter/{brreg.ACTIVE}"]
    # Nothing is saved by the look-up: the staff save the form.
    assert not Company.objects.filter(organisation_number=brreg.ACTIVE).exists()

    saved = adviser_client.post("/companies/new/", values)
    assert saved.status_code == 302
    company = Company.objects.get(organisation_number=brreg.ACTIVE)
    assert (company.name, company.organisation_form, company.registry_status) == (
        "RØROS TRE OG DESIGN AS",
        "AS",
        Status.ACTIVE,
    )
    assert company.registry_checked_at is not None
    assert company.registry_unit.employees == 12
    assert len(registry.requests) == 1  # the save did not ask again

    detail = text(adviser_client.get(saved["Location"]))
    assert "I Enhetsregisteret" in detail
    assert "Registrert" in detail and "Sist sjekket" in detail
    assert "Stiftet" in detail and "11.03.2014" in detail


def test_an_answer_the_browser_altered_is_not_believed(form_page, adviser_client):
    values = form_values(form_page(brreg.ACTIVE))
    forged = signing.loads(values["registry_answer"], salt="programmes.registry-answer")
    forged["unit"]["status"] = Status.BANKRUPT
    values["registry_answer"] = signing.dumps(forged, salt="another-salt")
    assert adviser_client.post("/companies/new/", values).status_code == 302
    company = Company.objects.get(organisation_number=brreg.ACTIVE)
    assert (company.registry_status, company.registry_checked_at) == ("", None)


def test_an_answer_about_another_number_is_not_kept(form_page, adviser_client):
    values = form_values(form_page(brreg.ACTIVE))
    values["organisation_number"] = "912 345 696"
    assert adviser_client.post("/companies/new/", values).status_code == 302
    assert Company.objects.get(organisation_number="912345696").registry_status == ""


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (brreg.BANKRUPT, "Konkurs fra 14.09.2026."),
        (brreg.WINDING_UP, "Under avvikling fra 01.02.2026."),
        (brreg.DELETED, "Slettet fra 30.06.2025."),
    ],
)
def test_a_unit_in_trouble_is_filled_in_with_a_warning(form_page, number, said):
    page = form_page(number)
    assert said in text(page)
    assert 'data-color="warning"' in page.content.decode()
    assert form_values(page)["name"]


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (
            brreg.UNKNOWN,
            "Enhetsregisteret har ingen enhet med organisasjonsnummer 912 345 696. Sjekk "
            "nummeret, eller fyll inn bedriften selv.",
        ),
        (
            brreg.SLOW,
            "Enhetsregisteret svarte ikke innen 0,5 sekunder. Fyll inn bedriften selv, eller "
            "prøv igjen senere.",
        ),
        (
            brreg.FAILING,
            "Enhetsregisteret svarte med en feil (503). Fyll inn bedriften selv, eller prøv "
            "igjen senere.",
        ),
        (
            brreg.MALFORMED,
            "Svaret fra Enhetsregisteret kunne ikke leses. Fyll inn bedriften selv, eller "
            "prøv igjen senere.",
        ),
    ],
)
def test_when_the_register_cannot_fill_the_form_it_says_why(form_page, number, said):
    page = form_page(number)
    assert page.status_code == 200
    assert said in text(page)
    values = form_values(page)
    assert values["name"] == "" and values["registry_answer"] == ""
    assert values["organisation_number"].replace(" ", "") == number  # kept, to go on with


def test_a_number_that_cannot_be_one_is_refused_without_asking(form_page, registry):
    page = form_page("123456789")
    assert "Organisasjonsnummeret" in text(page)
    assert registry.requests == []


def test_the_register_out_of_reach_leaves_the_form_as_before(
    staff_of_rorosregionen, adviser_client
):
    # No stand-in started: the suite's register address answers nothing.
    page = adviser_client.get("/companies/new/", {"lookup": brreg.ACTIVE})
    assert "Enhetsregisteret kan ikke nås akkurat nå." in text(page)
    typed = {
        **form_values(page),
        "name": "Røros Tre og Design AS",
        "municipality": str(municipality("roros").pk),
    }
    assert adviser_client.post("/companies/new/", typed).status_code == 302
    assert Company.objects.get(organisation_number=brreg.ACTIVE).registry_status == ""


def test_the_edit_form_is_filled_from_the_register(
    staff_of_rorosregionen, adviser_client, registry
):
    company = make_company(staff_of_rorosregionen, 1, name="Gammelt navn AS")
    company.organisation_number = brreg.BANKRUPT
    company.save()
    page = adviser_client.get(f"/companies/{company.pk}/edit/", {"lookup": brreg.BANKRUPT})
    values = form_values(page)
    assert values["name"] == "FJELLSTUA DRIFT AS"
    assert values["municipality"] == str(municipality("tynset").pk)
    assert adviser_client.post(f"/companies/{company.pk}/edit/", values).status_code == 302
    company.refresh_from_db()
    assert (company.name, company.registry_status) == ("FJELLSTUA DRIFT AS", Status.BANKRUPT)


def test_checking_a_company_keeps_a_new_status_in_its_history(
    staff_of_rorosregionen, adviser_client, registry
):
    company = make_company(staff_of_rorosregionen, 1, name="Fjellstua Drift AS")
    Company.objects.filter(pk=company.pk).update(organisation_number=brreg.BANKRUPT)
    version = Company.objects.get(pk=company.pk).updated_at
    before = company.history.count()

    answer = adviser_client.post(f"/companies/{company.pk}/registry/", follow=True)
    page = text(answer)
    assert "Sjekket i Enhetsregisteret: Konkurs fra 14.09.2026." in page
    assert "I Enhetsregisteret" in page and "Konkurs fra 14.09.2026" in page
    company.refresh_from_db()
    assert company.registry_status == Status.BANKRUPT
    assert company.history.count() == before + 1
    # A check is no edit: a form opened before it still saves.
    assert company.updated_at == version
    checked = company.registry_checked_at

    adviser_client.post(f"/companies/{company.pk}/registry/")
    company.refresh_from_db()
    assert company.registry_checked_at > checked
    assert company.history.count() == before + 1  # the same status: no new history row


def test_a_check_when_the_register_cannot_answer(staff_of_rorosregionen, adviser_client):
    company = make_company(staff_of_rorosregionen, 1)
    answer = adviser_client.post(f"/companies/{company.pk}/registry/", follow=True)
    assert "Enhetsregisteret kan ikke nås akkurat nå." in text(answer)
    company.refresh_from_db()
    assert (company.registry_status, company.registry_checked_at) == ("", None)

"""The service and grant forms as an adviser or a manager meets them, through the test
client: the error summary at the top of a refused form (with the computed split still
in view), worded empty choices, the exception reason shown only with a funding line,
the service type's default hourly rate, the own share typed in percent, and a grant
whose date granted is not known."""

import re
from decimal import Decimal

import pytest

from funding.models import Grant, PricedService
from tests.funding.test_service_pages import service_post
from tests.funding.test_views import grant_post

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


def error_summary(page: str) -> str:
    """The error summary's markup (it holds no nested div)."""
    found = re.search(r'<div class="ds-error-summary".*?</div>', page, re.DOTALL)
    assert found, "no error summary on the page"
    return found.group(0)


def summary_links(page: str) -> dict[str, str]:
    """Each link of the error summary: its target id → its text."""
    return {
        target: re.sub(r"\s+", " ", label).strip()
        for target, label in re.findall(
            r'<a class="ds-link" href="#([^"]+)">(.*?)</a>', error_summary(page), re.DOTALL
        )
    }


# --- The error summary ------------------------------------------------------------------


def test_a_refused_service_has_an_error_summary_linking_to_its_field_and_keeps_the_split(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/",
        service_post(company, roros_adviser, advice, frame_2016, own_share="1 800"),
    )

    page = text(response)
    assert response.status_code == 200
    assert not PricedService.objects.exists()
    summary = error_summary(page)
    assert 'tabindex="-1"' in summary and "Det er noe som må rettes" in summary
    links = summary_links(page)
    assert list(links) == ["id_own_share"]
    assert links["id_own_share"].startswith("Egenandel: Egenandelen må være minst 25 %")
    assert 'id="id_own_share"' in page
    # The summary comes first in the form, the field's own message stays beside it.
    form = page[page.index("<form") :]
    assert form.index("ds-error-summary") < form.index('id="id_company"')
    assert 'id="id_own_share_error"' in page
    # The refused split is still shown: price, own share and subsidy.
    preview = page[page.index("Beregnet, ikke lagret") :]
    assert "10 000 kr" in preview and "1 800 kr" in preview and "8 200 kr" in preview
    assert "/static/js/error-summary.js" in page


def test_the_summary_lists_every_field_refused_and_a_form_refused_as_a_whole(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/",
        service_post(
            company, roros_adviser, advice, frame_2016, company="", hours="30", version="x"
        ),
    )

    page = text(response)
    links = summary_links(page)
    assert list(links) == ["id_company", "id_hours"]
    assert links["id_company"] == "Bedrift: Feltet er påkrevet."
    assert "høyst 24" in links["id_hours"]
    # The damaged version (a hidden field) is said in the summary, without a link.
    assert "Skjemaet er skadet" in error_summary(page)


def test_a_form_that_is_not_refused_has_no_summary(adviser_client, roros_adviser):
    page = text(adviser_client.get("/services/new/"))

    assert "ds-error-summary" not in page
    assert "error-summary.js" not in page


# --- Empty choices ----------------------------------------------------------------------


def test_empty_choices_are_worded_not_dashes(adviser_client, manager_client, staff, roros_adviser):
    service_form = text(adviser_client.get("/services/new/"))
    grant_form = text(manager_client.get("/funding/grants/new/"))

    assert "---------" not in service_form + grant_form
    assert '<option value="" selected>Velg bedrift</option>' in service_form
    assert '<option value="" selected>Velg tjenestetype</option>' in service_form
    # The funding line names its own empty choice; a form's own wording is kept.
    assert ">Markedspris (uten tilskudd)</option>" in service_form
    assert '<option value="" selected>Velg tilskuddsgiver</option>' in grant_form


# --- The exception reason ---------------------------------------------------------------


def test_the_exception_reason_is_marked_to_show_only_with_a_funding_line(
    adviser_client, roros_adviser
):
    page = text(adviser_client.get("/services/new/"))

    group = re.search(r'<div class="ds-field" data-shown-when="grant">.*?</div>', page, re.DOTALL)
    assert group and 'name="exception_reason"' in page[group.start() :][:2000]
    assert page.count("data-shown-when") == 1
    assert "/static/js/form-conditions.js" in page


# --- The default hourly rate ------------------------------------------------------------


def test_the_service_types_default_rate_is_offered_and_used_when_no_rate_is_typed(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    advice.default_hourly_rate = Decimal("1250")
    advice.save()

    page = text(adviser_client.get("/services/new/"))
    assert 'data-fills="hourly_rate"' in page
    assert f'value="{advice.pk}" data-fill-value="1 250"' in page

    response = adviser_client.post(
        "/services/new/",
        service_post(company, roros_adviser, advice, frame_2016, hourly_rate="", own_share=""),
    )
    # No own share given: refused, but priced at the default rate (10 × 1 250 kr).
    assert "12 500 kr" in text(response)

    response = adviser_client.post(
        "/services/new/",
        service_post(company, roros_adviser, advice, frame_2016, hourly_rate="", own_share="3 125"),
    )
    assert response.status_code == 302
    service = PricedService.objects.get()
    assert service.hourly_rate == Decimal("1250")
    assert service.price == Decimal("12500")


def test_a_typed_rate_wins_over_the_default(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    advice.default_hourly_rate = Decimal("1250")
    advice.save()

    adviser_client.post("/services/new/", service_post(company, roros_adviser, advice, frame_2016))

    assert PricedService.objects.get().hourly_rate == Decimal("1000")


# --- The own share in percent -----------------------------------------------------------


@pytest.mark.parametrize("typed", ["25 %", "25%", "25,0 %"])
def test_the_own_share_may_be_typed_as_a_percentage_of_the_price(
    adviser_client, company, roros_adviser, advice, frame_2016, typed
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016, own_share=typed)
    )

    assert response.status_code == 302
    service = PricedService.objects.get()
    assert service.own_share == Decimal("2500")
    assert service.subsidy == Decimal("7500")


def test_a_percentage_is_checked_against_the_minimum_like_kroner(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/",
        service_post(company, roros_adviser, advice, frame_2016, own_share="18 %"),
    )

    assert "du har oppgitt 18 %" in summary_links(text(response))["id_own_share"]
    assert not PricedService.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"own_share": "125 %"}, "En prosent av prisen er mellom 0 % og 100 %."),
        ({"own_share": "mye %"}, "eller i prosent av prisen, for eksempel «25 %»"),
        (
            {"own_share": "25 %", "hours": "", "hourly_rate": ""},
            "En egenandel i prosent trenger prisen",
        ),
    ],
)
def test_a_bad_percentage_gets_a_norwegian_message(
    adviser_client, company, roros_adviser, advice, frame_2016, overrides, message
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016, **overrides)
    )

    assert response.status_code == 200
    assert message in summary_links(text(response))["id_own_share"]
    assert not PricedService.objects.exists()


def test_a_percentage_of_a_fixed_price(adviser_client, company, roros_adviser, advice, frame_2016):
    response = adviser_client.post(
        "/services/new/",
        service_post(
            company,
            roros_adviser,
            advice,
            frame_2016,
            hourly_rate="",
            fixed_price="4 999",
            own_share="25 %",
        ),
    )

    assert response.status_code == 302
    # 1 249,75 kr: a quarter of the price, to the øre.
    assert PricedService.objects.get().own_share == Decimal("1249.75")


# --- The grant's date granted -----------------------------------------------------------


def test_a_grant_may_be_recorded_without_its_date_granted(manager_client, staff, siva):
    from funding.models import Funder

    hedmark = Funder.objects.get(slug="hedmark-fylkeskommune")
    page = text(manager_client.get("/funding/grants/new/"))
    granted_on = re.search(r'<input type="date" name="granted_on"[^>]*>', page).group(0)
    assert "required" not in granted_on

    response = manager_client.post("/funding/grants/new/", grant_post(hedmark, granted_on=""))

    assert response.status_code == 302
    assert Grant.objects.get(funder=hedmark).granted_on is None

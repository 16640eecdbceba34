"""Bad input and abuse: forged requests, outside redirects, markup in text, huge bodies."""

import pytest
from django.conf import settings
from django.test import Client

from programmes.models import Company, Naeringshage
from programmes.services import staff_membership_set
from tests.conftest import PASSWORD
from tests.programmes.factories import make_company, make_event, municipality

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def roros_adviser(reference_data, adviser) -> Naeringshage:
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    return roros


def csrf_checking_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(roros_adviser, adviser):
    client = csrf_checking_client(adviser)

    response = client.post(
        "/companies/new/",
        {
            "organisation_number": "912345688",
            "name": "Forfalsket AS",
            "municipality": municipality("roros").pk,
        },
    )

    assert response.status_code == 403
    assert not Company.objects.filter(name="Forfalsket AS").exists()


def test_a_login_without_the_csrf_token_is_refused(adviser):
    client = csrf_checking_client()

    response = client.post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_with_the_token_from_the_form_the_same_client_gets_through(adviser):
    """So the refusals above are about the token, not the client."""
    client = csrf_checking_client()
    client.get("/accounts/login/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        "/accounts/login/",
        {"username": adviser.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_does_not_follow_a_next_to_another_host(client, adviser, target):
    response = client.post(
        "/accounts/login/",
        {"username": adviser.username, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_login_page_does_not_carry_an_outside_next_into_its_form(client):
    content = client.get("/accounts/login/?next=https://evil.example/").content.decode()

    assert '<input type="hidden" name="next" value="">' in content


def test_markup_in_a_company_name_is_shown_as_text(roros_adviser, adviser_client):
    company = make_company(roros_adviser, 7, name=f"{SCRIPT} AS")

    pages = [
        "/companies/",
        f"/companies/{company.pk}/",
        f"/companies/{company.pk}/edit/",
        f"/companies/?q={SCRIPT}",
    ]
    for page in pages:
        content = adviser_client.get(page).content.decode()
        assert SCRIPT not in content, page
    detail = adviser_client.get(f"/companies/{company.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; AS" in detail


def test_markup_in_an_event_title_is_shown_as_text(roros_adviser, adviser, adviser_client):
    event = make_event(roros_adviser, adviser, title=SCRIPT)

    for page in ["/events/?year=2016", f"/events/{event.pk}/"]:
        content = adviser_client.get(page).content.decode()
        assert SCRIPT not in content, page
        assert "&lt;script&gt;" in content, page


def test_an_oversized_form_post_is_refused_with_400_not_500(roros_adviser, adviser_client):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = adviser_client.post("/companies/new/", {"name": too_big})

    assert response.status_code == 400
    assert not Company.objects.exists()


def test_the_body_limit_is_set_on_purpose():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 256 * 1024


def test_a_post_with_too_many_fields_is_refused_with_400(roros_adviser, adviser_client):
    fields = {f"f{number}": "1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = adviser_client.post("/companies/new/", fields)

    assert response.status_code == 400

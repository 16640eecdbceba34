"""No 500 from a request's shape: bodies in other charsets, Content-Types naming codecs
that are no text encodings, and `next` parameters that are not pages of this site."""

import io
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from naeringshage.wsgi import application
from programmes.models import Company, Naeringshage
from programmes.services import staff_membership_set
from tests.conftest import PASSWORD, give_authenticator_app, totp_code
from tests.programmes.factories import municipality

TOKEN = "a" * 32
BAD_REQUEST_NB = "Ugyldig forespørsel"
BAD_REQUEST_EN = "Bad request"
FORM = "application/x-www-form-urlencoded"


def cookie_client(user=None, language: str | None = None) -> Client:
    """A browser as a server sees it: the CSRF check on, with a CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def post_bytes(client: Client, path: str, body: bytes, charset: str):
    # generic(): post() would encode the data with the charset itself (and fail on "foo").
    return client.generic("POST", path, body, content_type=f"{FORM}; charset={charset}")


# --- A body in another charset -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "foo"])
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/companies/new/", "/i18n/setlang/", "/no-such-page/"]
)
def test_a_form_post_in_another_charset_gets_the_400_page_not_a_500(path, charset):
    body = f"username=x&password=y&language=en&csrfmiddlewaretoken={TOKEN}".encode()

    response = post_bytes(cookie_client(), path, body, charset)

    assert response.status_code == 400
    assert BAD_REQUEST_NB in response.content.decode()


@pytest.mark.django_db
def test_the_400_page_is_in_the_chosen_language():
    client = cookie_client(language="en")

    response = post_bytes(
        client, "/accounts/login/", f"csrfmiddlewaretoken={TOKEN}".encode(), "latin-1"
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert BAD_REQUEST_EN in response.content.decode()


def test_a_logged_in_adviser_posting_in_latin_1_writes_nothing(reference_data, adviser):

    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    body = (
        f"organisation_number=912345688&name=Bl%E5b%E6r+AS&municipality={municipality('roros').pk}"
        f"&csrfmiddlewaretoken={TOKEN}"
    ).encode()

    response = post_bytes(cookie_client(adviser), "/companies/new/", body, "latin-1")

    assert response.status_code == 400
    assert not Company.objects.exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_a_form_post_in_utf_8_gets_through(adviser, charset):
    body = f"username={adviser.username}&password={PASSWORD}&csrfmiddlewaretoken={TOKEN}"

    response = post_bytes(cookie_client(), "/accounts/login/", body.encode(), charset)

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Through the WSGI application gunicorn serves ----------------------------------------
# Django's test client builds its own request, so what the application does before any
# middleware (the request it makes from the environ) is tested by calling it.


@contextmanager
def connections_kept():
    """As Django's test client does: the test's transaction outlives the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi(method: str, path: str, content_type: str = "", body: bytes = b"", cookie: str = ""):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": cookie,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    with connections_kept():
        chunks = application(environ, start_response)
        content = b"".join(chunks)
        chunks.close()
    return answer["status"], content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib", "punycode", "latin-1"])
def test_a_get_whose_content_type_names_any_charset_is_answered(charset):
    status, content = wsgi("GET", "/accounts/login/?next=/x", f"text/plain; charset={charset}")

    assert status == 200
    assert 'name="next" value="/x"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["base64", "rot13", "punycode", "idna", "latin-1", "foo"])
@pytest.mark.parametrize("content_type", [FORM, "multipart/form-data; boundary=XX"])
def test_a_post_in_any_charset_but_utf_8_is_refused_with_400_by_the_application(
    content_type, charset
):
    body = f"csrfmiddlewaretoken={TOKEN}".encode()
    if content_type != FORM:
        body = (
            b'--XX\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            + TOKEN.encode()
            + b"\r\n--XX--\r\n"
        )

    status, content = wsgi(
        "POST",
        "/accounts/login/",
        f"{content_type}; charset={charset}",
        body,
        cookie=f"{settings.CSRF_COOKIE_NAME}={TOKEN}",
    )

    assert status == 400
    assert BAD_REQUEST_NB in content


@pytest.mark.parametrize("charset", ["utf-8", "utf8", "UTF_8"])
def test_a_form_post_in_utf_8_by_any_name_gets_through_the_application(adviser, charset):
    body = f"username={adviser.username}&password={PASSWORD}&csrfmiddlewaretoken={TOKEN}"

    status, _content = wsgi(
        "POST",
        "/accounts/login/",
        f"{FORM}; charset={charset}",
        body.encode(),
        cookie=f"{settings.CSRF_COOKIE_NAME}={TOKEN}",
    )

    assert status == 302


# --- `next` ---------------------------------------------------------------------------------

NEXTS = [
    ("foo", None),  # a view name to Django's redirect(): a 500 before
    ("//evil.example", None),
    ("https://evil.example/", None),
    ("javascript:alert(1)", None),
    ("/companies/", "/companies/"),
]


def location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_login_follows_only_a_next_on_this_site(adviser, target, followed):
    data = {"username": adviser.username, "password": PASSWORD, "next": target}

    assert location(Client().post("/accounts/login/", data)) == (followed or "/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_login_page_sends_a_logged_in_user_only_to_a_next_on_this_site(
    adviser_client, target, followed
):
    response = adviser_client.get(f"/accounts/login/?next={quote(target)}")

    assert location(response) == (followed or "/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_login_page_carries_only_a_next_on_this_site_into_its_form(db, target, followed):
    content = Client().get(f"/accounts/login/?next={quote(target)}").content.decode()

    assert f'<input type="hidden" name="next" value="{followed or ""}">' in content


def test_the_login_page_does_not_send_a_logged_in_user_back_to_itself(adviser_client):
    """Django raises (a 500) when the `next` is the login page."""
    response = adviser_client.get("/accounts/login/?next=/accounts/login/")

    assert location(response) == "/"


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_logging_out_follows_only_a_next_on_this_site(adviser_client, target, followed):
    response = adviser_client.post("/accounts/logout/", {"next": target})

    assert location(response) == (followed or "/accounts/login/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_language_switch_goes_back_only_to_a_next_on_this_site(
    adviser_client, target, followed
):
    response = adviser_client.post("/i18n/setlang/", {"language": "en", "next": target})

    assert location(response) == (followed or "/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_code_page_leads_only_to_a_next_on_this_site(adviser_client, target, followed):
    """An adviser without an app has no code to give: the page leads on at once."""
    response = adviser_client.get(f"/accounts/two-factor/verify/?next={quote(target)}")

    assert location(response) == (followed or "/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_right_code_leads_only_to_a_next_on_this_site(manager, target, followed):
    device = give_authenticator_app(manager)
    client = Client()
    client.post("/accounts/login/", {"username": manager.username, "password": PASSWORD})
    verify = f"/accounts/two-factor/verify/?next={quote(target)}"
    page = client.get(verify).content.decode()

    response = client.post(verify, {"code": totp_code(device), "next": target})

    assert f'name="next" value="{followed or ""}"' in page
    assert location(response) == (followed or "/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_recovery_codes_lead_only_to_a_next_on_this_site(manager, target, followed):
    client = Client()
    client.post("/accounts/login/", {"username": manager.username, "password": PASSWORD})
    client.get("/accounts/two-factor/enrol/")
    device = manager.totpdevice_set.get(confirmed=False)
    enrolled = client.post(
        f"/accounts/two-factor/enrol/?next={quote(target)}", {"code": totp_code(device)}
    )

    page = client.get(location(enrolled)).content.decode()

    assert f'class="ds-button" href="{followed or "/"}"' in page


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_lockout_page_carries_only_a_next_on_this_site(adviser, target, followed):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": adviser.username, "password": "feil"})

    response = client.post(
        "/accounts/login/", {"username": adviser.username, "password": PASSWORD, "next": target}
    )

    assert response.status_code == 429
    assert f'name="next" value="{followed or ""}"' in response.content.decode()


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_admin_login_leads_an_administrator_only_to_a_next_on_this_site(
    administrator_client, target, followed
):
    response = administrator_client.get(f"/admin/login/?next={quote(target)}")

    assert location(response) == (followed or "/admin/")


@pytest.mark.parametrize(("target", "followed"), NEXTS)
def test_the_admin_login_passes_on_only_a_next_on_this_site(db, target, followed):
    response = Client().get(f"/admin/login/?next={quote(target)}")

    assert location(response) == "/accounts/login/?next=" + quote(followed or "/admin/")

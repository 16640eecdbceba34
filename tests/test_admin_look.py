"""The admin in the product's look: its name in the header, Designsystemet's colours
through css/admin.css, and no inline style."""

import re
from pathlib import Path

import pytest

PAGES = ["/admin/", "/admin/funding/ownsharerule/", "/admin/auth/user/add/"]


@pytest.mark.parametrize("path", PAGES)
def test_an_admin_page_has_the_product_name_and_stylesheet(administrator_client, path):
    page = administrator_client.get(path, headers={"accept-language": "nb"}).content.decode()

    assert re.search(
        r'<a class="admin-brand" href="/admin/">.*Næringshage – administrasjon', page, re.S
    )
    assert '/static/vendor/designsystemet/theme-digdir.css"' in page
    assert '/static/css/admin.css"' in page
    assert "admin/css/dark_mode.css" not in page  # one light look, as the staff pages
    assert " style=" not in page


def test_the_admin_stylesheet_uses_the_design_systems_colours(settings):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "admin.css").read_text()

    assert "--header-bg: var(--ds-color-neutral-background-tinted)" in css
    assert "--button-bg: var(--ds-color-accent-base-default)" in css


def test_the_admin_header_is_english_in_english(administrator_client):
    administrator_client.cookies["django_language"] = "en"
    page = administrator_client.get("/admin/").content.decode()

    assert "Næringshage administration" in page

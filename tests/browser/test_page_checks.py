"""The two page checks must catch what they are there for, or every page test is hollow."""

import pytest

BROKEN_PAGE = """<!DOCTYPE html>
<html><head><title>Broken</title></head>
<body><main><img src="logo.png"><a href="/"></a><p><div>nested</div></p></main></body></html>
"""


def test_axe_reports_an_image_without_text_and_an_empty_link(page, check_page):
    page.set_content(BROKEN_PAGE)

    with pytest.raises(AssertionError) as failure:
        check_page.assert_accessible(page)

    assert "image-alt" in str(failure.value)
    assert "link-name" in str(failure.value)


def test_the_html_checker_reports_invalid_markup(check_page):
    with pytest.raises(AssertionError) as failure:
        check_page.assert_valid_html("about:blank", BROKEN_PAGE)

    assert "“alt” attribute" in str(failure.value)

"""The header's sections: a page below a section's URL marks that section as current."""

import re

import pytest

from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from tests.programmes.factories import make_company


def current_sections(html: str) -> list[str]:
    """The header's sections marked current (the breadcrumb trail marks its own last item)."""
    header = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a class="ds-link" href="([^"]+)" aria-current="page">', header)


@pytest.fixture
def roros_adviser_client(reference_data, adviser, client):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    client.force_login(adviser)
    return client


def test_a_company_page_is_in_the_companies_section(roros_adviser_client):
    company = make_company(Naeringshage.objects.get(slug="rorosregionen"), 1)

    html = roros_adviser_client.get(f"/companies/{company.pk}/").content.decode()

    assert current_sections(html) == ["/companies/"]


def test_the_home_page_is_current_only_on_itself(roros_adviser_client):
    assert current_sections(roros_adviser_client.get("/").content.decode()) == ["/"]
    assert current_sections(roros_adviser_client.get("/services/").content.decode()) == [
        "/services/"
    ]

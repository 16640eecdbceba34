"""Every staff page below the top level shows where it is: one breadcrumb trail (a nav
named Brødsmulesti with an ordered list, the page itself last as aria-current="page"),
whose links lead to pages of the project. The top level is the header's sections, its
search page and the dashboard; the accounts' own pages and the admin have their own look."""

import re
from urllib.parse import urlsplit

from django.urls import resolve, reverse

from naeringshage.context_processors import NAVIGATION
from tests.test_role_matrix import (  # noqa: F401 - the matrix's fixtures
    clients,
    html_of,
    pages_of,
    world,
)

NAV = re.compile(
    r'<nav class="ds-breadcrumbs[^"]*" aria-label="Brødsmulesti">\s*<ol>(.*?)</ol>', re.S
)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
OWN_LOOK = ("/accounts/", "/admin/")


def top_level() -> set[str]:
    """The header's sections, its search page and the dashboard."""
    header = {reverse(name) for name, _label, _allowed in NAVIGATION}
    return header | {reverse("programmes:search"), reverse("reports:dashboard")}


def test_every_page_below_the_top_level_has_one_breadcrumb_trail(clients, world):  # noqa: F811
    client = clients["manager"]
    missing, wrong, checked = [], [], 0
    for _name, path in pages_of("manager", world):
        page_path = urlsplit(path).path
        if page_path in top_level() or page_path.startswith(OWN_LOOK):
            continue
        html = html_of(client.get(path))
        if html is None:
            continue
        checked += 1
        navs = NAV.findall(html)
        if len(navs) != 1 or "record-breadcrumb" in html:
            missing.append(path)
            continue
        items = ITEM.findall(navs[0])
        current = [item for item in items if 'aria-current="page"' in item]
        if len(items) < 2 or current != items[-1:]:
            wrong.append(path)
        for item in items[:-1]:
            href = re.search(r'href="([^"]+)"', item).group(1)
            resolve(urlsplit(href.replace("&amp;", "&")).path)  # a page of the project
    assert checked >= 20
    assert not missing, missing
    assert not wrong, wrong

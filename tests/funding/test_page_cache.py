"""The page cache (programmes.page_cache): a staff page is made once and served from the
cache until the data behind it changes; what belongs to one request is filled in on
every answer; a change of one næringshage's data leaves the others' pages cached."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, update_last_login
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import ADVISER, MANAGER
from funding.services import service_record
from municipalities.models import MunicipalityNumbering
from programmes import page_cache
from programmes.models import ContactPerson, Naeringshage, StaffMembership
from tests.conftest import make_user
from tests.funding.conftest import draft_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]


def version(naeringshage: Naeringshage) -> int:
    """The næringshage's data version once the changes marked so far are counted (as the
    commit counts them; inside a test's transaction, the next request does)."""
    page_cache.flush()
    return Naeringshage.objects.values_list("data_version", flat=True).get(pk=naeringshage.pk)


def get(client: Client, path: str):
    """The page and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode(), len(queries)


@pytest.fixture
def second_adviser(django_user_model, roros):
    user = make_user(django_user_model, "ragnhild", ADVISER, last_name="Ås")
    StaffMembership.objects.create(user=user, naeringshage=roros)
    client = Client()
    client.force_login(user)
    return user, client


def test_a_page_is_served_from_the_cache_until_the_data_changes(
    company, roros_adviser, adviser_client, roros
):
    first, made_in = get(adviser_client, "/companies/")
    again, served_in = get(adviser_client, "/companies/")
    assert _without_tokens(again) == _without_tokens(first)
    assert served_in < made_in  # the list's own queries are not run again

    company.name = "Fjellbakst og Kafé AS"
    company.save()
    changed, _queries = get(adviser_client, "/companies/")
    assert "Fjellbakst og Kafé AS" in changed
    assert "Fjellbakst AS<" not in changed


def test_the_page_is_kept_in_the_cache_chosen(
    cache_backend, company, roros_adviser, adviser_client
):
    get(adviser_client, "/companies/")
    pages = caches["pages"]
    if cache_backend == "redis":
        # In the Redis every server shares, under the pages' prefix, expiring as set.
        client = pages._cache.get_client()
        keys = client.keys("naeringshage-pages:*")
        assert keys and all(0 < client.ttl(key) <= 600 for key in keys)
    else:
        assert type(pages).__name__ == "LocMemCache" and pages._cache


def test_a_change_to_a_row_that_belongs_through_its_parent_renews_the_page(
    company, roros_adviser, adviser_client, roros
):
    path = f"/companies/{company.pk}/"
    get(adviser_client, path)
    before = version(roros)
    ContactPerson.objects.create(company=company, name="Kari Haugen", role="daglig leder")
    assert version(roros) == before + 1
    page, _queries = get(adviser_client, path)
    assert "Kari Haugen" in page


def test_another_user_gets_the_cached_page_with_their_own_name_and_csrf_token(
    company, roros_adviser, adviser_client, second_adviser
):
    user, client = second_adviser
    path = f"/companies/{company.pk}/"
    get(adviser_client, path)  # made, with placeholders, for both
    page, _queries = get(client, path)
    assert "Ragnhild Ås" in page
    assert roros_adviser.get_username() not in page
    assert page_cache.CSRF_PLACEHOLDER not in page
    assert page_cache.USER_PLACEHOLDER not in page

    # The token in the cached page is one this client's CSRF check accepts.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    page = strict.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    switched = strict.post(
        "/i18n/setlang/", {"language": "en", "next": path, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_user_name_is_escaped_where_it_is_filled_in(
    company, roros, adviser_client, roros_adviser
):
    user = make_user(type(roros_adviser), "lure", ADVISER)
    user.first_name = "<script>x</script>"
    user.save()
    StaffMembership.objects.create(user=user, naeringshage=roros)
    client = Client()
    client.force_login(user)
    get(adviser_client, "/companies/")
    page, _queries = get(client, "/companies/")
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page


def test_a_change_in_another_naeringshage_keeps_this_ones_pages(
    company, roros_adviser, adviser_client, roros, other_naeringshage, roros_municipality
):
    get(adviser_client, "/companies/")
    before = version(roros)
    from programmes.models import Company

    Company.objects.create(
        naeringshage=other_naeringshage,
        organisation_number="974760673",
        name="Annen Bedrift AS",
        municipality=roros_municipality,
    )
    assert version(roros) == before
    assert version(other_naeringshage) > 0
    page, _queries = get(adviser_client, "/companies/")
    assert "Annen Bedrift AS" not in page


def test_a_change_to_reference_data_renews_every_naeringshage(
    company, roros_adviser, adviser_client, roros, other_naeringshage
):
    get(adviser_client, "/companies/")
    before = (version(roros), version(other_naeringshage))
    numbering = MunicipalityNumbering.objects.filter(municipality__slug="roros").latest(
        "valid_from"
    )
    numbering.name = "Røros kommune (nytt navn)"
    numbering.save()
    assert (version(roros), version(other_naeringshage)) == (before[0] + 1, before[1] + 1)


def test_a_login_renews_nothing(roros_adviser, roros):
    before = version(roros)
    update_last_login(None, roros_adviser)
    assert version(roros) == before


def test_each_role_gets_its_own_page(company, staff, adviser_client, manager_client):
    adviser_page, _queries = get(adviser_client, "/funding/?year=2016")
    manager_page, _queries = get(manager_client, "/funding/?year=2016")
    assert "/funding/grants/new/" not in adviser_page
    assert "/funding/grants/new/" in manager_page


def test_the_dashboard_is_each_users_own(
    company, roros_adviser, advice, adviser_client, second_adviser
):
    _user, client = second_adviser
    service_record(draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser)
    mine, _queries = get(adviser_client, "/dashboard/?year=2016")
    theirs, _queries = get(client, "/dashboard/?year=2016")
    assert "Fjellbakst AS" in mine
    assert "Fjellbakst AS" not in theirs


def test_a_page_with_a_message_is_neither_read_from_nor_put_in_the_cache(
    company, roros_adviser, adviser_client
):
    path = f"/companies/{company.pk}/"
    get(adviser_client, path)
    response = adviser_client.post(
        f"/companies/{company.pk}/contacts/new/",
        {"name": "Ola Nordmann", "email": "ola@example.no"},
        follow=True,
    )
    page = response.content.decode()
    message = re.search(r'<div class="ds-alert"[^>]*>([^<]+)</div>', page)
    assert message, page
    again, _queries = get(adviser_client, path)
    assert message.group(1) not in again


@pytest.mark.django_db(transaction=True)
def test_a_change_is_counted_when_its_transaction_commits(reference_data, roros_municipality):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    from programmes.models import Company

    before = version(roros)
    with transaction.atomic():
        Company.objects.create(
            naeringshage=roros,
            organisation_number="912345688",
            name="Fjellbakst AS",
            municipality=roros_municipality,
        )
        # Not yet: other requests still see the old data.
        assert Naeringshage.objects.get(pk=roros.pk).data_version == before
    # Counted by the commit itself, not by a later flush.
    assert Naeringshage.objects.get(pk=roros.pk).data_version == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Company.objects.filter(name="Fjellbakst AS").get().delete()
        raise RuntimeError("undone")
    page_cache.flush()  # what a request does before it reads a cached page
    assert version(roros) <= before + 2  # an undone change may count; it never hides one


def test_an_admin_save_of_the_naeringshage_never_sets_its_counter_back(roros):
    stale = Naeringshage.objects.get(pk=roros.pk)
    page_cache.mark_changed([roros.pk])
    page_cache.flush()
    counted = version(roros)
    stale.name = "Rørosregionen Næringshage"
    stale.save()
    assert version(roros) >= counted


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_the_services_list_shows_a_new_service_at_once(
    company, roros_adviser, advice, adviser_client
):
    get(adviser_client, "/services/?year=2016")
    service_record(
        draft=draft_for(company, roros_adviser, advice, date=date(2016, 10, 3)),
        recorded_by=roros_adviser,
    )
    page, _queries = get(adviser_client, "/services/?year=2016")
    assert "03.10.2016" in page


def test_a_changed_role_shows_at_once(company, staff, manager, manager_client):
    page, _queries = get(manager_client, "/funding/?year=2016")
    assert "/funding/grants/new/" in page
    manager.groups.remove(Group.objects.get(name=MANAGER))
    manager.groups.add(Group.objects.get(name=ADVISER))
    page, _queries = get(manager_client, "/funding/?year=2016")
    assert "/funding/grants/new/" not in page

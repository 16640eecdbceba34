"""History pages of services, grants and placements: who changed what and when, money
as the product writes it, choices by label; scoped to the user's own næringshage; and in
the admin for the reference rules too."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from funding.models import Funder, Grant, OwnShareRule, Placement, PricedService
from funding.services import grant_update, placement_save, service_record, service_void
from programmes.models import StaffMembership
from tests.funding.conftest import draft_for, record_grant
from tests.programmes.factories import OSLO

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


def changes(entry) -> list[tuple[str, str, str]]:
    def plain(value: str) -> str:
        return value.replace(NBSP, " ")

    return [(change.label, plain(change.old), plain(change.new)) for change in entry.changes]


@pytest.fixture
def service(company, adviser, advice, staff) -> PricedService:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)):
        return service_record(draft=draft_for(company, adviser, advice), recorded_by=adviser)


def service_post(service: PricedService, **overrides) -> dict:
    data = {
        "submission_id": str(service.submission_id or "00000000-0000-0000-0000-000000000001"),
        "company": service.company_id,
        "date": service.date.isoformat(),
        "service_type": service.service_type_id,
        "adviser": service.adviser_id,
        "description": service.description,
        "hours": "10",
        "hourly_rate": "1000",
        "fixed_price": "",
        "grant": service.grant_id,
        "own_share": "2500",
        "subsidy": "",
        "exception_reason": "",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- Services ----------------------------------------------------------------------------


def test_a_services_history_shows_each_change_with_money_as_kroner(
    adviser_client, manager, manager_client, service
):
    manager.last_name = "Leder"
    manager.save()
    with time_machine.travel(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO), tick=False):
        saved = manager_client.post(
            f"/services/{service.pk}/edit/",
            service_post(service, hours="8", hourly_rate="1250", own_share="3000"),
        )
    assert saved.status_code == 302

    response = adviser_client.get(f"/services/{service.pk}/history/")

    assert response.status_code == 200
    newest, recorded = response.context["entries"]
    assert newest.who == "Leder Leder"
    got = changes(newest)
    assert got[:4] == [
        ("Timer", "10,00", "8,00"),
        ("Timepris", "1 000 kr", "1 250 kr"),
        ("Egenandel", "2 500 kr", "3 000 kr"),
        ("Tilskudd", "7 500 kr", "7 000 kr"),
    ]
    assert [label for label, _old, _new in got[4:]] == ["Tilskudd i EUR"]
    assert recorded.action == "created"
    assert recorded.who == "Radgiver"  # the one who recorded it, from the service's argument
    funding_line = {label: new for label, _old, new in changes(recorded)}["Finansieringslinje"]
    assert funding_line.startswith("Siva-ramme 2016 – ")
    page = text(response)
    assert "02.03.2026 10:42" in page
    assert "1 000 kr" in page and "1 250 kr" in page


def test_voiding_is_in_the_history_with_who_voided_and_why(adviser, adviser_client, service):
    service_void(service=service, reason="Feilført", voided_by=adviser)

    newest = adviser_client.get(f"/services/{service.pk}/history/").context["entries"][0]

    assert newest.who == "Radgiver"
    assert ("Annullert av", "–", "Radgiver") in changes(newest)
    assert ("Begrunnelse for annullering", "–", "Feilført") in changes(newest)


def test_the_service_list_and_edit_page_link_to_the_history(adviser_client, service):
    url = f'href="/services/{service.pk}/history/"'
    assert url in text(adviser_client.get("/services/?year=2016"))
    assert url in text(adviser_client.get(f"/services/{service.pk}/edit/"))


def test_another_naeringshages_service_history_is_not_found(
    client, service, other_naeringshage, django_user_model
):
    from accounts import roles
    from tests.conftest import make_user

    stranger = make_user(django_user_model, "fremmed", roles.ADVISER)
    StaffMembership.objects.create(user=stranger, naeringshage=other_naeringshage)
    client.force_login(stranger)

    assert client.get(f"/services/{service.pk}/history/").status_code == 404


# --- Grants and placements ---------------------------------------------------------------


@pytest.fixture
def project(roros, staff) -> Grant:
    county = Funder.objects.get(slug="hedmark-fylkeskommune")
    return record_grant(
        roros,
        county,
        kind=Grant.Kind.PROJECT,
        title="Kompetanseløft",
        first_year=2016,
        last_year=2017,
        amount=Decimal("1000"),
    )


def test_a_grants_history_shows_its_fields_and_its_allocations(manager_client, project):
    grant_update(
        grant=project,
        allocations={2016: Decimal("250"), 2017: Decimal("750")},
        kind=Grant.Kind.OTHER,
        note="Fordelt etter søknaden",
    )

    response = manager_client.get(f"/funding/grants/{project.pk}/history/")

    assert response.status_code == 200
    entries = response.context["entries"]
    by_subject = {(e.subject, e.action): e for e in entries}
    grant_change = by_subject[("", "changed")]
    assert changes(grant_change) == [
        ("Type", "Prosjekttilskudd", "Annet"),
        ("Merknad", "–", "Fordelt etter søknaden"),
    ]
    assert changes(by_subject[("Fordeling 2016", "changed")]) == [("Beløp", "500 kr", "250 kr")]
    assert changes(by_subject[("Fordeling 2017", "changed")]) == [("Beløp", "500 kr", "750 kr")]
    assert ("Beløp", "", "1 000 kr") in changes(by_subject[("", "created")])


def test_an_adviser_reads_grant_and_placement_history_as_the_overview(adviser_client, project):
    placement = Placement.objects.get(naeringshage=project.naeringshage, year=2016)

    assert adviser_client.get(f"/funding/grants/{project.pk}/history/").status_code == 200
    assert adviser_client.get(f"/funding/placements/{placement.pk}/history/").status_code == 200
    page = text(adviser_client.get("/funding/?year=2016"))
    assert f"/funding/grants/{project.pk}/history/" in page
    assert f"/funding/placements/{placement.pk}/history/" in page


def test_a_placements_history_names_the_level(manager_client, roros, staff, model_2016):
    placement = Placement.objects.get(naeringshage=roros, year=2016)
    level_2 = model_2016.levels.get(rank=2)
    placement_save(
        naeringshage=roros,
        year=2016,
        level=level_2,
        decision_date=date(2016, 2, 1),
        placement=placement,
    )

    response = manager_client.get(f"/funding/placements/{placement.pk}/history/")

    assert response.status_code == 200
    newest = response.context["entries"][0]
    labels = [label for label, _old, _new in changes(newest)]
    assert "Nivå" in labels
    assert str(level_2).replace(NBSP, " ") in [new for _label, _old, new in changes(newest)]
    edit_page = text(manager_client.get(f"/funding/placements/{placement.pk}/edit/"))
    assert f"/funding/placements/{placement.pk}/history/" in edit_page


def test_another_naeringshages_grant_history_is_not_found(
    manager_client, staff, other_naeringshage, siva
):
    theirs = record_grant(other_naeringshage, siva, kind=Grant.Kind.SIVA_FRAME)

    assert manager_client.get(f"/funding/grants/{theirs.pk}/history/").status_code == 404


def test_a_user_without_a_role_may_not_read_grant_history(user_without_role, roros, project):
    StaffMembership.objects.create(user=user_without_role, naeringshage=roros)
    client = Client()
    client.force_login(user_without_role)

    assert client.get(f"/funding/grants/{project.pk}/history/").status_code == 403


def test_a_page_of_many_changes_takes_as_many_queries_as_one_of_few(manager_client, project):
    url = f"/funding/grants/{project.pk}/history/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for number in range(1, 26):
        grant_update(
            grant=Grant.objects.get(pk=project.pk),
            amount=Decimal(1000 + number),
            note=f"Endring {number}",
        )

    assert len(manager_client.get(url).context["entries"]) > 50
    assert queries() == few


# --- The admin ---------------------------------------------------------------------------


def test_the_admin_shows_the_history_of_grants_services_and_rules(
    administrator_client, project, service
):
    rule = OwnShareRule.objects.first()
    rule.source = "Sivas retningslinjer 2017"
    rule.save()

    for url in (
        f"/admin/funding/grant/{project.pk}/history/",
        f"/admin/funding/pricedservice/{service.pk}/history/",
        f"/admin/funding/ownsharerule/{rule.pk}/history/",
    ):
        assert administrator_client.get(url).status_code == 200, url
    assert "Sivas retningslinjer 2017" in text(
        administrator_client.get(f"/admin/funding/ownsharerule/{rule.pk}/history/")
    )


def test_a_history_row_cannot_be_reverted_in_the_admin(administrator_client, project):
    record = project.history.earliest()
    url = f"/admin/funding/grant/{project.pk}/history/{record.history_id}/"

    assert administrator_client.get(url).status_code == 200  # to read
    form = {
        "naeringshage": project.naeringshage_id,
        "funder": project.funder_id,
        "kind": "project",
        "first_year": "2016",
        "last_year": "2017",
        "amount": "1",
        "allocations-TOTAL_FORMS": "0",
        "allocations-INITIAL_FORMS": "0",
    }
    response = administrator_client.post(url, form)

    assert response.status_code == 403
    assert Grant.objects.get(pk=project.pk).amount == Decimal("1000")

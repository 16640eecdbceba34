"""The year-1 case on PostgreSQL, where it broke pages for everyone: 0001-01-01 00:00 in
Oslo is a time before Christ in UTC, which PostgreSQL stored and psycopg2 could not
read back. Every form refuses it (and the other dates outside the range) before a row
is written, the pages that broke still answer, and the database refuses the row
written straight."""

import re
import uuid
from datetime import date
from html import unescape

import pytest
from django.db import IntegrityError, connection, transaction

from funding.models import Placement, PricedService, TierModel
from programmes.models import Enrolment, Event, Naeringshage, Participant, ServiceType
from programmes.services import staff_membership_set
from tests.programmes.factories import enrol, make_company, make_event, municipality, oslo

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Only PostgreSQL stores a time before Christ that the driver cannot read.",
)

RANGE = "Datoen må være mellom 01.01.1990 og 31.12.2100."


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace("\u00a0", " ").split())


@pytest.fixture
def roros(reference_data, adviser, manager) -> Naeringshage:
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    staff_membership_set(user=manager, naeringshage=roros)
    return roros


@pytest.fixture
def company(roros):
    return make_company(roros, 1, name="Fjellbakst AS")


def test_every_form_refuses_year_one_and_the_pages_still_answer(
    roros, company, adviser, adviser_client, manager_client, administrator_client
):
    event = make_event(roros, adviser)
    Participant.objects.create(event=event, name="Kari Haugen", company=company)
    enrol(company, date(2016, 1, 1), date(2016, 12, 31))

    refused = adviser_client.post(
        "/events/new/",
        {
            "title": "Gammelt forum",
            "kind": "course",
            "starts_at": "0001-01-01T00:00",
            "municipality": municipality("tynset").pk,
            "responsible": adviser.pk,
        },
    )
    assert refused.status_code == 200 and RANGE in text(refused)
    assert Event.objects.count() == 1

    for day in ["0001-01-01", "1899-12-31", "9999-12-31"]:
        refused = adviser_client.post(
            "/services/new/",
            {
                "submission_id": str(uuid.uuid4()),
                "company": company.pk,
                "date": day,
                "service_type": ServiceType.objects.get(slug="radgivning").pk,
                "adviser": adviser.pk,
                "hours": "2",
                "hourly_rate": "1 000",
                "grant": "",
                "action": "save",
            },
        )
        assert refused.status_code == 200 and RANGE in text(refused), day
    assert not PricedService.objects.exists()

    for day in ["0001-01-01", "9999-12-31"]:
        refused = adviser_client.post(
            f"/companies/{company.pk}/enrolments/new/", {"kind": "member", "start_date": day}
        )
        assert refused.status_code == 200 and RANGE in text(refused), day
    assert Enrolment.objects.count() == 1

    Placement.objects.filter(year=2017).delete()
    level = TierModel.objects.valid_in(2017).get().levels.order_by("rank").first()
    refused = manager_client.post(
        "/funding/placements/new/",
        {"year": "2017", "level": level.pk, "decision_date": "0001-01-01"},
    )
    assert refused.status_code == 200 and RANGE in text(refused)
    assert not Placement.objects.filter(year=2017).exists()

    for url in [f"/events/{event.pk}/", f"/companies/{company.pk}/", "/people/?q=Kari"]:
        response = manager_client.get(url)
        assert response.status_code == 200, url
        assert "Kari Haugen" in text(response) or "Fjellbakst" in text(response), url
    assert administrator_client.get("/admin/programmes/event/").status_code == 200


def test_the_database_refuses_a_year_one_event_written_straight(roros, adviser):
    event = make_event(roros, adviser, ends_at=None)
    year_one = oslo(1, 1, 1, 0, 0)

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            naeringshage=roros,
            title="Gammelt forum",
            kind="course",
            starts_at=year_one,
            municipality=municipality("tynset"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(starts_at=year_one)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(ends_at=oslo(9999, 12, 31, 23, 59))
    assert Event.objects.get().starts_at == oslo(2016, 9, 22, 9, 0)

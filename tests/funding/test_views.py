"""The funding pages through Django's test client: who may do what, what they show,
how they refuse bad input, and how many queries they take."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.roles import MANAGER
from funding.models import Funder, Grant, Placement
from programmes.models import StaffMembership
from tests.funding.conftest import record_grant

NBSP = "\u00a0"

READ_URLS = ["/funding/?year=2016"]
WRITE_URLS = [
    "/funding/grants/new/?year=2016",
    "/funding/placements/new/?year=2018",
]


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


# --- Permission ladder ----------------------------------------------------------------


@pytest.mark.parametrize("url", READ_URLS + WRITE_URLS)
def test_anonymous_visitors_are_sent_to_login(client, url, reference_data):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", READ_URLS + WRITE_URLS)
def test_a_user_without_a_role_is_refused(client, user_without_role, roros, url):
    StaffMembership.objects.create(user=user_without_role, naeringshage=roros)
    client.force_login(user_without_role)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", READ_URLS + WRITE_URLS)
def test_a_manager_without_a_naeringshage_is_refused(
    client, django_user_model, reference_data, url
):
    user = django_user_model.objects.create_user("ensom", password="x")
    user.groups.add(Group.objects.get_or_create(name=MANAGER)[0])
    client.force_login(user)

    assert client.get(url).status_code == 403


def test_an_adviser_reads_but_may_not_write(adviser_client, staff):
    assert adviser_client.get(READ_URLS[0]).status_code == 200
    for url in WRITE_URLS:
        assert adviser_client.get(url).status_code == 403
    grant = Grant.objects.get(kind=Grant.Kind.SIVA_FRAME, first_year=2016)
    assert adviser_client.get(f"/funding/grants/{grant.pk}/edit/").status_code == 403
    assert adviser_client.post("/funding/grants/new/", {"amount": "1"}).status_code == 403
    assert "Registrer tilskudd" not in text(adviser_client.get(READ_URLS[0]))


def test_a_manager_reads_and_writes(manager_client, staff):
    for url in READ_URLS + WRITE_URLS:
        assert manager_client.get(url).status_code == 200
    assert "Registrer tilskudd" in text(manager_client.get(READ_URLS[0]))


# --- The overview ---------------------------------------------------------------------


def test_the_2016_overview_shows_level_1_the_frame_and_nothing_used(adviser_client, staff):
    page = text(adviser_client.get("/funding/?year=2016"))

    assert "Nivå 1" in page
    assert "<dt>Innvilget</dt><dd>1 500 000 kr</dd>" in page
    assert "<dt>Brukt</dt><dd>0 kr</dd>" in page
    assert "<dt>Igjen</dt><dd>1 500 000 kr</dd>" in page
    assert 'max="1500000.00" value="0' in page


def test_the_overview_shows_the_difference_between_frame_and_level(manager_client, staff, roros):
    frame = Grant.objects.get(naeringshage=roros, kind=Grant.Kind.SIVA_FRAME, first_year=2016)
    frame.amount = Decimal("1400000")
    frame.save()
    frame.allocations.update(amount=Decimal("1400000"))

    page = text(manager_client.get("/funding/?year=2016"))

    assert "avviker fra 1 500 000 kr" in page
    assert "differanse på −100 000 kr" in page


def test_the_overview_lists_the_years_part_of_each_grant_and_sums(manager_client, staff, roros):
    county = Funder.objects.get(slug="sor-trondelag-fylkeskommune")
    record_grant(
        roros,
        county,
        kind=Grant.Kind.PROJECT,
        title="Kompetanseløft",
        first_year=2015,
        last_year=2017,
        amount=Decimal("6000000"),
    )
    record_grant(
        roros, county, kind=Grant.Kind.PROJECT, title="Forprosjekt", amount=Decimal("250000")
    )

    page = text(manager_client.get("/funding/?year=2016"))

    assert "Kompetanseløft" in page
    assert "6 000 000 kr" in page
    assert "2 000 000 kr" in page
    assert "2 250 000 kr" in page  # Sør-Trøndelag's two project grants for 2016


def test_a_year_without_data_says_so(adviser_client, staff):
    page = text(adviser_client.get("/funding/?year=2030"))

    assert "Ingen Siva-ramme er registrert for 2030" in page
    assert "Ingen plassering er registrert for 2030" in page


@pytest.mark.parametrize("year", ["abc", "99999", "", "1800"])
def test_a_bad_year_gets_a_norwegian_message_not_a_500(adviser_client, staff, year):
    response = adviser_client.get(f"/funding/?year={year}")

    assert response.status_code == 400
    assert "året" in text(response).lower() or "år" in text(response)


def test_another_naeringshages_grants_are_neither_shown_nor_editable(
    manager_client, staff, other_naeringshage, siva
):
    theirs = record_grant(
        other_naeringshage, siva, kind=Grant.Kind.OTHER, title="Hemmelig", amount=Decimal("9")
    )

    assert "Hemmelig" not in text(manager_client.get("/funding/?year=2016"))
    assert manager_client.get(f"/funding/grants/{theirs.pk}/edit/").status_code == 404


def test_the_overview_query_count_does_not_grow_with_the_grants(
    manager_client, staff, roros, siva, django_assert_max_num_queries
):
    def queries_for_page():
        from django.core.cache import caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        caches["pages"].clear()  # the page made, with the user's roles read, each time
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get("/funding/?year=2016").status_code == 200
        return len(context.captured_queries)

    few = queries_for_page()
    for number in range(30):
        record_grant(roros, siva, kind=Grant.Kind.OTHER, title=f"Tilskudd {number}")
    many = queries_for_page()

    assert many == few
    with django_assert_max_num_queries(12):
        manager_client.get("/funding/?year=2016")


# --- Recording grants -----------------------------------------------------------------


def grant_post(funder: Funder, **overrides) -> dict:
    data = {
        "funder": funder.pk,
        "kind": Grant.Kind.REGIONAL_DEVELOPMENT,
        "title": "",
        "first_year": "2016",
        "last_year": "2016",
        "amount": "1 200 000,50",
        "granted_on": "2016-02-15",
        "received_on": "",
        "reporting_deadline": "2017-03-01",
        "conditions": "Rapport til fylket innen fristen.",
        "note": "",
    }
    data.update(overrides)
    return data


def test_a_manager_records_a_grant(manager_client, staff, roros, reference_data):
    hedmark = Funder.objects.get(slug="hedmark-fylkeskommune")

    response = manager_client.post("/funding/grants/new/", grant_post(hedmark))

    assert response.status_code == 302
    assert response["Location"] == "/funding/?year=2016"
    grant = Grant.objects.get(funder=hedmark)
    assert grant.amount == Decimal("1200000.50")
    assert grant.naeringshage == roros
    assert "Tilskuddet er registrert" in text(manager_client.get(response["Location"]))


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"amount": "0"}, "Beløpet må være mer enn 0 kr"),
        ({"amount": "-5"}, "Beløpet må være mer enn 0 kr"),
        ({"amount": "mange penger"}, "Skriv beløpet i kroner"),
        ({"last_year": "2015"}, "Siste år kan ikke være før første år"),
        ({"first_year": "2020", "last_year": "2020"}, "fantes ikke som tilskuddsgiver i 2020"),
        ({"kind": "siva_frame"}, "En Siva-ramme gis av Siva"),
        ({"granted_on": "31.31.2016"}, "gyldig dato"),
    ],
)
def test_bad_grant_input_is_refused_in_norwegian_and_nothing_is_saved(
    manager_client, staff, reference_data, overrides, field_message
):
    hedmark = Funder.objects.get(slug="hedmark-fylkeskommune")
    before = Grant.objects.count()

    response = manager_client.post("/funding/grants/new/", grant_post(hedmark, **overrides))

    assert response.status_code == 200
    assert field_message in text(response)
    assert 'aria-invalid="true"' in text(response) or 'role="alert"' in text(response)
    assert Grant.objects.count() == before


def test_a_second_siva_frame_is_refused_on_the_page(manager_client, staff, siva):
    response = manager_client.post(
        "/funding/grants/new/", grant_post(siva, kind="siva_frame", amount="100")
    )

    assert response.status_code == 200
    assert "har allerede en Siva-ramme for dette året" in text(response)
    assert Grant.objects.filter(kind="siva_frame", first_year=2016).count() == 1


def test_a_manager_edits_a_grants_yearly_allocations(manager_client, staff, roros, reference_data):
    county = Funder.objects.get(slug="sor-trondelag-fylkeskommune")
    grant = record_grant(roros, county, first_year=2016, last_year=2017, amount=Decimal("1000"))
    url = f"/funding/grants/{grant.pk}/edit/"
    page = text(manager_client.get(url))
    assert "Fordeling 2016" in page

    data = grant_post(county, first_year="2016", last_year="2017", amount="1000")
    refused = manager_client.post(url, {**data, "allocation_2016": "100", "allocation_2017": "100"})
    assert "Fordelingen summerer til 200 kr, men tilskuddet er 1 000 kr" in text(refused)

    saved = manager_client.post(url, {**data, "allocation_2016": "250", "allocation_2017": "750"})
    assert saved.status_code == 302
    assert list(grant.allocations.values_list("amount", flat=True)) == [
        Decimal("250.00"),
        Decimal("750.00"),
    ]


# --- Recording placements -------------------------------------------------------------


def test_a_manager_records_a_placement_with_scores(manager_client, staff, roros, model_2016):
    Placement.objects.filter(year=2017).delete()
    criteria = list(model_2016.criteria.all())
    page = text(manager_client.get("/funding/placements/new/?year=2017"))
    assert criteria[0].name in page

    response = manager_client.post(
        "/funding/placements/new/",
        {
            "year": "2017",
            "level": model_2016.levels.get(rank=2).pk,
            "decision_date": "2017-01-20",
            "letter_reference": "Siva 17/0042",
            "rationale": "God måloppnåelse.",
            f"score_{criteria[0].pk}": "4",
            f"comment_{criteria[0].pk}": "Mange bedrifter i programmet",
        },
    )

    assert response.status_code == 302
    placement = Placement.objects.get(naeringshage=roros, year=2017)
    assert placement.level.label == "Nivå 2"
    assert placement.scores.get().comment == "Mange bedrifter i programmet"


def test_a_level_from_another_years_model_is_refused_on_the_page(manager_client, staff, model_2016):
    response = manager_client.post(
        "/funding/placements/new/",
        {"year": "2019", "level": model_2016.levels.get(rank=1).pk, "decision_date": "2019-01-05"},
    )

    assert response.status_code == 200
    assert "ikke gjelder for 2019" in text(response)
    assert not Placement.objects.filter(year=2019).exists()


def test_a_manager_edits_a_placement(manager_client, staff, roros, model_2016):
    placement = Placement.objects.get(naeringshage=roros, year=2016)
    url = f"/funding/placements/{placement.pk}/edit/"
    assert "Nivå 1" in text(manager_client.get(url))

    response = manager_client.post(
        url,
        {
            "year": "2016",
            "level": placement.level_id,
            "decision_date": "2016-07-01",
            "letter_reference": "Brev fra Siva juli 2016",
        },
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.letter_reference == "Brev fra Siva juli 2016"
    assert placement.decision_date == date(2016, 7, 1)

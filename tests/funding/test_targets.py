"""The manager sets a year's targets: one number per kind of target the year's programme
period names (reference data), all saved together, refused in a closed year, and a
second manager who saved first is never overwritten."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from funding.models import Target, TargetKind, YearClosing
from funding.services import TargetsChanged, targets_save, targets_version

URL = "/funding/targets/"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace("\u00a0", " ").split())


@pytest.fixture
def kinds(reference_data) -> dict[str, TargetKind]:
    return {kind.slug: kind for kind in TargetKind.objects.all()}


def stored(naeringshage, year) -> dict[str, int]:
    return dict(
        Target.objects.filter(naeringshage=naeringshage, year=year).values_list(
            "kind__slug", "value"
        )
    )


# --- The service ---------------------------------------------------------------------


def test_the_kinds_of_target_follow_the_programme_period(kinds):
    assert [kind.slug for kind in TargetKind.objects.valid_in(2022)] == [
        "hjulpet-2011",
        "nye-malbedrifter-2011",
    ]
    assert [kind.slug for kind in TargetKind.objects.valid_in(2023)] == [
        "hjulpet-2023",
        "nye-malbedrifter-2023",
    ]
    assert not TargetKind.objects.valid_in(2010).exists()


def test_targets_are_created_changed_and_removed_together(roros, kinds):
    helped, new = kinds["hjulpet-2023"], kinds["nye-malbedrifter-2023"]
    targets_save(naeringshage=roros, year=2026, values={helped.pk: 40, new.pk: 6})
    assert stored(roros, 2026) == {"hjulpet-2023": 40, "nye-malbedrifter-2023": 6}

    targets_save(naeringshage=roros, year=2026, values={helped.pk: 45, new.pk: None})
    assert stored(roros, 2026) == {"hjulpet-2023": 45}
    assert Target.history.filter(kind=helped).count() == 2  # created, changed


def test_a_kind_of_another_programme_period_is_refused_and_nothing_is_written(roros, kinds):
    with pytest.raises(ValidationError):
        targets_save(
            naeringshage=roros,
            year=2026,
            values={kinds["hjulpet-2023"].pk: 40, kinds["hjulpet-2011"].pk: 30},
        )
    assert stored(roros, 2026) == {}


@pytest.mark.parametrize("value", [-1, 100_000])
def test_a_target_out_of_range_is_refused(roros, kinds, value):
    with pytest.raises(ValidationError):
        targets_save(naeringshage=roros, year=2026, values={kinds["hjulpet-2023"].pk: value})
    assert stored(roros, 2026) == {}


def test_a_closed_years_targets_cannot_be_changed(roros, kinds, manager):
    helped = kinds["hjulpet-2011"]
    targets_save(naeringshage=roros, year=2016, values={helped.pk: 20})
    YearClosing.objects.create(
        naeringshage=roros, year=2016, closed_by=manager, closed_at=timezone.now(), snapshot={}
    )
    with pytest.raises(ValidationError):
        targets_save(naeringshage=roros, year=2016, values={helped.pk: 30})
    assert stored(roros, 2016) == {"hjulpet-2011": 20}


def test_targets_changed_since_the_form_was_opened_are_not_overwritten(roros, kinds):
    helped = kinds["hjulpet-2023"]
    opened = targets_version(naeringshage=roros, year=2026)
    assert opened == ""
    targets_save(naeringshage=roros, year=2026, values={helped.pk: 40}, opened_at=opened)
    with pytest.raises(TargetsChanged):
        targets_save(naeringshage=roros, year=2026, values={helped.pk: 10}, opened_at=opened)
    assert stored(roros, 2026) == {"hjulpet-2023": 40}


# --- The page ------------------------------------------------------------------------


def test_only_the_manager_sets_targets(adviser_client, manager_client, staff):
    assert adviser_client.get(URL, {"year": 2026}).status_code == 403
    assert adviser_client.post(f"{URL}?year=2026", {}).status_code == 403
    assert manager_client.get(URL, {"year": 2026}).status_code == 200


def test_the_manager_sets_the_years_targets_and_sees_them_on_the_funding_page(
    manager_client, adviser_client, staff, roros, kinds
):
    page = manager_client.get(URL, {"year": 2026})
    assert "Bedrifter som har fått hjelp" in text(page)
    helped, new = kinds["hjulpet-2023"], kinds["nye-malbedrifter-2023"]

    response = manager_client.post(
        f"{URL}?year=2026",
        {f"target_{helped.pk}": "40", f"target_{new.pk}": " 6 ", "version": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/funding/?year=2026"
    assert stored(roros, 2026) == {"hjulpet-2023": 40, "nye-malbedrifter-2023": 6}

    overview = text(manager_client.get("/funding/", {"year": 2026}))
    assert "Mål for 2026 Bedrifter som har fått hjelp 40 Nye målbedrifter 6" in overview
    assert "Sett målene" in overview
    # The adviser reads the targets but is not offered the form.
    assert "Sett målene" not in text(adviser_client.get("/funding/", {"year": 2026}))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("førti", "Skriv målet som et helt tall, for eksempel 40."),
        ("-3", "Et mål kan ikke være under 0."),
        ("100000", "Et mål kan være høyst 99 999."),
    ],
)
def test_a_mistyped_target_is_explained_in_norwegian_and_nothing_is_saved(
    manager_client, staff, roros, kinds, typed, message
):
    helped = kinds["hjulpet-2023"]
    response = manager_client.post(
        f"{URL}?year=2026", {f"target_{helped.pk}": typed, "version": ""}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert stored(roros, 2026) == {}


def test_a_bad_year_is_explained(manager_client, staff):
    response = manager_client.get(URL, {"year": "20x6"})
    assert response.status_code == 400
    assert "Året må skrives med fire sifre, for eksempel 2016." in text(response)


def test_a_year_without_kinds_of_target_says_so(manager_client, staff):
    response = manager_client.get(URL, {"year": 2005})
    assert response.status_code == 200
    assert "Ingen måltyper er definert for 2005." in text(response)


def test_the_second_manager_to_save_sees_the_first_ones_targets(
    manager_client, staff, roros, kinds
):
    helped = kinds["hjulpet-2023"]
    opened = targets_version(naeringshage=roros, year=2026)
    targets_save(naeringshage=roros, year=2026, values={helped.pk: 40})

    response = manager_client.post(
        f"{URL}?year=2026", {f"target_{helped.pk}": "12", "version": opened}
    )
    assert response.status_code == 409
    page = text(response)
    assert "Noen endret målene for 2026 etter at du åpnet siden." in page
    assert f'name="target_{helped.pk}" value="40"' in response.content.decode()
    assert stored(roros, 2026) == {"hjulpet-2023": 40}


def test_a_closed_year_is_refused_with_a_message(manager_client, manager, staff, roros, kinds):
    YearClosing.objects.create(
        naeringshage=roros, year=2016, closed_by=manager, closed_at=timezone.now(), snapshot={}
    )
    helped = kinds["hjulpet-2011"]
    response = manager_client.post(f"{URL}?year=2016", {f"target_{helped.pk}": "12", "version": ""})
    assert response.status_code == 400
    assert "2016" in text(response) and "lukket" in text(response)
    assert stored(roros, 2016) == {}

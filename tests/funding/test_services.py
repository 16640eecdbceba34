"""Recording grants and placements: every rule refused with a Norwegian message on its
field, and nothing half-written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from funding.models import Funder, Grant, GrantAllocation, Placement, TierLevel, TierModel
from funding.services import grant_create, grant_update, placement_save
from tests.funding.conftest import record_grant


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def messages_of(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


def test_a_multi_year_project_is_one_grant_allocated_per_year(roros, reference_data):
    county = Funder.objects.get(slug="sor-trondelag-fylkeskommune")

    grant = record_grant(
        roros,
        county,
        kind=Grant.Kind.PROJECT,
        title="Kompetanseløft Lokalmat–Reiseliv",
        first_year=2015,
        last_year=2017,
        amount=Decimal("6000000"),
    )

    assert list(grant.allocations.values_list("year", "amount")) == [
        (2015, Decimal("2000000.00")),
        (2016, Decimal("2000000.00")),
        (2017, Decimal("2000000.00")),
    ]


def test_allocations_may_be_given_and_must_add_up(roros, reference_data):
    county = Funder.objects.get(slug="sor-trondelag-fylkeskommune")
    fields = {"kind": Grant.Kind.PROJECT, "first_year": 2016, "last_year": 2017}

    grant = record_grant(
        roros,
        county,
        amount=Decimal("1000000"),
        allocations={2016: Decimal("300000"), 2017: Decimal("700000")},
        **fields,
    )
    assert grant.allocations.get(year=2017).amount == Decimal("700000")

    with pytest.raises(ValidationError) as error:
        record_grant(
            roros,
            county,
            amount=Decimal("1000000"),
            allocations={2016: Decimal("300000"), 2017: Decimal("600000")},
            **fields,
        )
    assert "summerer til 900\u00a0000\u00a0kr" in messages_of(error, "allocations")
    assert Grant.objects.count() == 2  # the seeded frame and the first grant


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100")])
def test_a_zero_or_negative_amount_is_refused(roros, siva, amount):
    with pytest.raises(ValidationError) as error:
        record_grant(roros, siva, kind=Grant.Kind.OTHER, amount=amount)

    assert "mer enn 0 kr" in messages_of(error, "__all__") + " ".join(
        error.value.message_dict.get("amount", [])
    )


def test_a_second_siva_frame_for_a_year_is_refused(roros, siva):
    with pytest.raises(ValidationError) as error:
        record_grant(roros, siva, kind=Grant.Kind.SIVA_FRAME, amount=Decimal("100000"))

    assert "har allerede en Siva-ramme for dette året" in str(error.value)
    assert Grant.objects.filter(kind=Grant.Kind.SIVA_FRAME, first_year=2016).count() == 1


def test_the_database_also_refuses_a_second_siva_frame(roros, siva):
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(
            naeringshage=roros,
            funder=siva,
            kind=Grant.Kind.SIVA_FRAME,
            first_year=2016,
            last_year=2016,
            amount=Decimal("1"),
            granted_on=date(2016, 1, 1),
        )


def test_another_naeringshage_may_have_its_own_2016_frame(other_naeringshage, siva):
    grant = record_grant(other_naeringshage, siva, kind=Grant.Kind.SIVA_FRAME)

    assert grant.pk


def test_a_siva_frame_over_several_years_is_refused(roros, siva):
    with pytest.raises(ValidationError) as error:
        record_grant(roros, siva, kind=Grant.Kind.SIVA_FRAME, first_year=2018, last_year=2019)

    assert "ett år om gangen" in messages_of(error, "last_year")


def test_a_siva_frame_from_another_funder_is_refused(roros, reference_data):
    county = Funder.objects.get(slug="innlandet-fylkeskommune")

    with pytest.raises(ValidationError) as error:
        record_grant(roros, county, kind=Grant.Kind.SIVA_FRAME, first_year=2021, last_year=2021)

    assert "Siva" in messages_of(error, "funder")


def test_a_period_that_ends_before_it_starts_is_refused(roros, siva):
    with pytest.raises(ValidationError) as error:
        record_grant(roros, siva, kind=Grant.Kind.OTHER, first_year=2017, last_year=2016)

    assert "kan ikke være før første år" in messages_of(error, "last_year")
    assert not GrantAllocation.objects.filter(grant__kind=Grant.Kind.OTHER).exists()


def test_a_grant_from_a_funder_that_did_not_exist_that_year_is_refused(roros, reference_data):
    hedmark = Funder.objects.get(slug="hedmark-fylkeskommune")

    with pytest.raises(ValidationError) as error:
        record_grant(roros, hedmark, first_year=2019, last_year=2021)

    assert "fantes ikke som tilskuddsgiver i 2020" in messages_of(error, "funder")


def test_changing_the_amount_splits_it_again(roros, reference_data):
    county = Funder.objects.get(slug="sor-trondelag-fylkeskommune")
    grant = record_grant(roros, county, first_year=2016, last_year=2017, amount=Decimal("100"))

    grant_update(grant=grant, amount=Decimal("300"))

    assert list(grant.allocations.values_list("amount", flat=True)) == [
        Decimal("150.00"),
        Decimal("150.00"),
    ]


def test_changing_the_years_moves_the_allocations(roros, siva):
    grant = record_grant(
        roros, siva, kind=Grant.Kind.OTHER, first_year=2016, last_year=2017, amount=Decimal("100")
    )

    grant_update(grant=grant, first_year=2017, last_year=2018)

    assert list(grant.allocations.values_list("year", flat=True)) == [2017, 2018]


def test_a_refused_update_leaves_the_grant_as_it_was(roros, siva):
    grant = record_grant(roros, siva, kind=Grant.Kind.OTHER, amount=Decimal("500"))

    with pytest.raises(ValidationError):
        grant_update(grant=grant, amount=Decimal("-1"))

    grant.refresh_from_db()
    assert grant.amount == Decimal("500")
    assert grant.allocations.get().amount == Decimal("500")


def test_a_placement_level_from_another_years_model_is_refused(roros, model_2016):
    level_2016 = model_2016.levels.get(rank=2)

    with pytest.raises(ValidationError) as error:
        placement_save(
            naeringshage=roros, year=2019, level=level_2016, decision_date=date(2019, 1, 10)
        )

    assert "ikke gjelder for 2019" in messages_of(error, "level")
    assert not Placement.objects.filter(year=2019).exists()


def test_a_placement_keeps_a_score_and_comment_per_criterion(roros, model_2016):
    criteria = list(model_2016.criteria.all())
    placement = Placement.objects.get(naeringshage=roros, year=2017)

    placement_save(
        naeringshage=roros,
        year=2017,
        level=placement.level,
        decision_date=placement.decision_date,
        scores={criteria[0].pk: (5, "Høy aktivitet"), criteria[1].pk: (None, "")},
        placement=placement,
    )

    scores = list(placement.scores.values_list("criterion__name", "score", "comment"))
    assert scores == [(criteria[0].name, 5, "Høy aktivitet")]


def test_a_score_for_a_criterion_of_another_model_is_refused(roros, model_2016):
    other = TierModel.objects.create(name="Modell 2030", first_year=2030)
    foreign = other.criteria.create(name="Noe annet")
    level = model_2016.levels.get(rank=1)

    with pytest.raises(ValidationError) as error:
        placement_save(
            naeringshage=roros,
            year=2016,
            level=level,
            decision_date=date(2016, 9, 1),
            scores={foreign.pk: (3, "")},
            placement=Placement.objects.get(naeringshage=roros, year=2016),
        )

    assert "scores" in error.value.message_dict


def test_a_second_placement_for_a_year_is_refused(roros, model_2016):
    with pytest.raises(ValidationError) as error:
        placement_save(
            naeringshage=roros,
            year=2016,
            level=model_2016.levels.get(rank=2),
            decision_date=date(2016, 9, 1),
        )

    assert "har allerede en plassering for dette året" in str(error.value)
    assert Placement.objects.get(naeringshage=roros, year=2016).level.rank == 1


def test_tier_models_may_not_overlap(model_2016):
    overlapping = TierModel(name="Ny modell", first_year=2017, last_year=2019)

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()

    assert "overlapper" in messages_of(error, "first_year")


def test_level_amounts_must_be_positive(model_2016):
    level = TierLevel(tier_model=model_2016, label="Nivå 4", rank=4, yearly_amount=Decimal("0"))

    with pytest.raises(ValidationError):
        level.full_clean()


def test_grant_create_takes_only_keyword_arguments():
    with pytest.raises(TypeError):
        grant_create(None)  # type: ignore[misc]

"""The seeded funding facts of DOMAIN.md: the 2016 model, Rørosregionen's placements and
its 2016 Siva frame."""

from decimal import Decimal

from django.core.management import call_command

from funding.models import Funder, Grant, Placement, TierModel
from funding.selectors import frame_use


def test_the_2016_model_has_three_levels_with_their_amounts(model_2016):
    levels = list(model_2016.levels.values_list("label", "rank", "yearly_amount"))

    assert levels == [
        ("Nivå 1", 1, Decimal("1500000.00")),
        ("Nivå 2", 2, Decimal("1100000.00")),
        ("Nivå 3", 3, Decimal("800000.00")),
    ]
    assert model_2016.covers(2016)
    assert model_2016.covers(2017)
    assert not model_2016.covers(2018)
    assert model_2016.criteria.count() >= 3


def test_rorosregionen_is_on_the_top_level_in_2016_and_2017(roros):
    placements = Placement.objects.for_naeringshage(roros).order_by("year")

    assert [(p.year, p.level.label, p.level.rank) for p in placements] == [
        (2016, "Nivå 1", 1),
        (2017, "Nivå 1", 1),
    ]


def test_the_2016_siva_frame_is_1_5_million_and_unused(roros):
    frame = frame_use(naeringshage=roros, year=2016)

    assert frame.grant.funder.slug == "siva"
    assert frame.granted == Decimal("1500000.00")
    assert frame.used == Decimal("0")
    assert frame.left == Decimal("1500000.00")
    assert frame.share_used == Decimal("0")


def test_county_councils_exist_for_their_years_only(reference_data):
    hedmark = Funder.objects.get(slug="hedmark-fylkeskommune")
    innlandet = Funder.objects.get(slug="innlandet-fylkeskommune")

    assert hedmark.exists_in(2016)
    assert not hedmark.exists_in(2020)
    assert innlandet.exists_in(2020)
    assert not innlandet.exists_in(2019)
    assert set(Funder.objects.existing_in(2016).values_list("slug", flat=True)) >= {
        "siva",
        "hedmark-fylkeskommune",
        "sor-trondelag-fylkeskommune",
    }


def test_loading_twice_changes_nothing(reference_data):
    def snapshot():
        return (
            list(Funder.objects.order_by("pk").values()),
            list(TierModel.objects.order_by("pk").values()),
            list(Placement.objects.order_by("pk").values()),
            list(Grant.objects.order_by("pk").values("pk", "amount", "first_year", "kind")),
        )

    before = snapshot()
    call_command("load_reference_data", verbosity=0)

    assert snapshot() == before

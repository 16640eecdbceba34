"""Shares stored 0..1 are per cent in the admin: shown as “25 %”, typed as “25” or
“25 %”, refused in Norwegian when they are not a per cent from 0 to 100."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.forms import PercentField
from core.money import NBSP, percent_text
from funding.models import OwnShareRule

SHARE_INPUT = [
    ("25", Decimal("0.25")),
    ("25 %", Decimal("0.25")),
    ("25%", Decimal("0.25")),
    ("12,5", Decimal("0.125")),
    ("12.5 %", Decimal("0.125")),
    ("0", Decimal("0")),
    ("100", Decimal("1")),
]


@pytest.mark.parametrize(("typed", "share"), SHARE_INPUT)
def test_a_per_cent_typed_becomes_the_share(typed, share):
    assert PercentField().clean(typed) == share


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("tjuefem", "Skriv andelen i prosent, som «25» eller «12,5 %»."),
        ("0,25 kr", "Skriv andelen i prosent, som «25» eller «12,5 %»."),
        ("120", "Andelen må være fra 0 til 100 %."),
        ("-5", "Andelen må være fra 0 til 100 %."),
        ("12,345", "Skriv andelen med høyst 2 desimaler."),
    ],
)
def test_a_share_that_is_not_a_per_cent_is_refused_in_norwegian(typed, message):
    with translation.override("nb"):
        field = PercentField()
        with pytest.raises(Exception) as refused:
            field.clean(typed)

        assert refused.value.messages == [message]


def test_a_share_shows_as_its_exact_per_cent():
    assert percent_text(Decimal("0.2500")) == f"25{NBSP}%"
    assert percent_text(Decimal("0.1250")) == f"12,5{NBSP}%"
    assert percent_text(Decimal("0.0001"), space=" ") == "0,01 %"
    assert PercentField().prepare_value(Decimal("0.2500")) == "25 %"


def test_the_admin_lists_and_shows_the_own_share_rule_in_per_cent(
    administrator_client, reference_data
):
    rule = OwnShareRule.objects.get(grant_kind="siva_frame", valid_to=None)

    listed = administrator_client.get("/admin/funding/ownsharerule/").content.decode()
    form = administrator_client.get(
        f"/admin/funding/ownsharerule/{rule.pk}/change/"
    ).content.decode()

    assert f'<td class="field-minimum_share">25{NBSP}%</td>' in listed
    assert 'name="minimum_share" value="25 %"' in form
    assert "0,2500" not in listed + form


def _rule_data(rule: OwnShareRule, share: str) -> dict:
    return {
        "grant_kind": rule.grant_kind,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": "",
        "minimum_share": share,
        "source": rule.source,
    }


def test_a_per_cent_typed_in_the_admin_is_stored_as_the_share(administrator_client, reference_data):
    rule = OwnShareRule.objects.get(grant_kind="siva_frame", valid_to=None)

    response = administrator_client.post(
        f"/admin/funding/ownsharerule/{rule.pk}/change/", _rule_data(rule, "30 %")
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.minimum_share == Decimal("0.3")


def test_a_share_above_100_per_cent_is_refused_in_the_admin_and_nothing_changes(
    administrator_client, reference_data
):
    rule = OwnShareRule.objects.get(grant_kind="siva_frame", valid_to=None)

    response = administrator_client.post(
        f"/admin/funding/ownsharerule/{rule.pk}/change/",
        _rule_data(rule, "125"),
        headers={"accept-language": "nb"},
    )

    assert response.status_code == 200
    assert "Andelen må være fra 0 til 100 %." in response.content.decode()
    rule.refresh_from_db()
    assert rule.minimum_share == Decimal("0.25")


def test_the_rules_history_in_the_admin_shows_the_change_in_per_cent(
    administrator_client, reference_data
):
    rule = OwnShareRule.objects.get(grant_kind="siva_frame", valid_to=None)
    administrator_client.post(
        f"/admin/funding/ownsharerule/{rule.pk}/change/", _rule_data(rule, "30")
    )

    page = administrator_client.get(
        f"/admin/funding/ownsharerule/{rule.pk}/history/", headers={"accept-language": "nb"}
    ).content.decode()

    assert f"25{NBSP}%" in page and f"30{NBSP}%" in page
    assert "0.3000" not in page and "0.2500" not in page

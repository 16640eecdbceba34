"""Loading funders, Siva's tier models, placements and grants from `data/reference/`.

Built on the reading and rules of `municipalities.reference_data`; `FILES` lists the
loaders in dependency order, after those of the programme.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from funding.models import (
    AidRegisterThreshold,
    EurRate,
    Funder,
    Grant,
    OwnShareException,
    OwnShareRule,
    Placement,
    StateAidRule,
    TargetKind,
    TierCriterion,
    TierLevel,
    TierModel,
)
from funding.services import grant_allocations_reset
from municipalities.reference_data import (
    Entities,
    LoadResult,
    Row,
    check_unique_keys,
    counties,
    read_csv,
    upsert,
)
from programmes.models import Naeringshage
from programmes.reference_data import NAERINGSHAGER_FILE

FUNDERS_FILE = "funders.csv"
TIER_MODELS_FILE = "tier_models.csv"
TIER_LEVELS_FILE = "tier_levels.csv"
TIER_CRITERIA_FILE = "tier_criteria.csv"
PLACEMENTS_FILE = "placements.csv"
GRANTS_FILE = "grants.csv"
OWN_SHARE_RULES_FILE = "own_share_rules.csv"
OWN_SHARE_EXCEPTIONS_FILE = "own_share_exceptions.csv"
STATE_AID_RULES_FILE = "state_aid_rules.csv"
AID_REGISTER_THRESHOLDS_FILE = "aid_register_thresholds.csv"
EUR_RATES_FILE = "eur_rates.csv"
TARGET_KINDS_FILE = "target_kinds.csv"


def _integer(row: Row, column: str, *, required: bool = True) -> int | None:
    value = row.text(column)
    if not value and not required:
        return None
    if not value.isdigit():
        raise row.error(column, _("Write a whole number, such as 2016."))
    return int(value)


def _amount(row: Row, column: str) -> Decimal:
    try:
        return Decimal(row.text(column))
    except InvalidOperation:
        raise row.error(column, _("Write an amount in kroner, such as 1500000.00.")) from None


def _decimal(row: Row, column: str) -> Decimal:
    try:
        return Decimal(row.text(column))
    except InvalidOperation:
        raise row.error(
            column, _("Write a number with a point for decimals, such as 0.25.")
        ) from None


def _tier_models() -> Entities:
    return Entities(TierModel, _("tier model"), TIER_MODELS_FILE)


def load_funders(data_dir: Path) -> LoadResult:
    columns = ["funder", "name", "kind", "organisation_number", "county", "first_year", "last_year"]
    rows = read_csv(data_dir / FUNDERS_FILE, columns)
    check_unique_keys(rows, ["funder"])
    result = LoadResult(FUNDERS_FILE)
    places = counties()
    for row in rows:
        values = {
            "name": row.text("name"),
            "kind": row.text("kind"),
            "organisation_number": row.text("organisation_number"),
            "county_id": places.get(row, "county").pk if row.text("county") else None,
            "first_year": _integer(row, "first_year", required=False),
            "last_year": _integer(row, "last_year", required=False),
        }
        outcome = upsert(Funder, key={"slug": row.text("funder")}, values=values, row=row)
        result.outcomes[outcome] += 1
    return result


def load_tier_models(data_dir: Path) -> LoadResult:
    columns = ["tier_model", "name", "first_year", "last_year", "description"]
    rows = read_csv(data_dir / TIER_MODELS_FILE, columns)
    check_unique_keys(rows, ["tier_model"])
    result = LoadResult(TIER_MODELS_FILE)
    for row in rows:
        values = {
            "name": row.text("name"),
            "first_year": _integer(row, "first_year"),
            "last_year": _integer(row, "last_year", required=False),
            "description": row.text("description"),
        }
        outcome = upsert(TierModel, key={"slug": row.text("tier_model")}, values=values, row=row)
        result.outcomes[outcome] += 1
    return result


def load_tier_levels(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / TIER_LEVELS_FILE, ["tier_model", "rank", "label", "yearly_amount"])
    check_unique_keys(rows, ["tier_model", "rank"])
    result = LoadResult(TIER_LEVELS_FILE)
    models = _tier_models()
    for row in rows:
        outcome = upsert(
            TierLevel,
            key={"tier_model": models.get(row, "tier_model"), "rank": _integer(row, "rank")},
            values={"label": row.text("label"), "yearly_amount": _amount(row, "yearly_amount")},
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_tier_criteria(data_dir: Path) -> LoadResult:
    columns = ["tier_model", "position", "name", "description"]
    rows = read_csv(data_dir / TIER_CRITERIA_FILE, columns)
    check_unique_keys(rows, ["tier_model", "name"])
    result = LoadResult(TIER_CRITERIA_FILE)
    models = _tier_models()
    for row in rows:
        outcome = upsert(
            TierCriterion,
            key={"tier_model": models.get(row, "tier_model"), "name": row.text("name")},
            values={
                "position": _integer(row, "position"),
                "description": row.text("description"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_placements(data_dir: Path) -> LoadResult:
    columns = [
        "naeringshage",
        "year",
        "tier_model",
        "level_rank",
        "decision_date",
        "letter_reference",
        "rationale",
    ]
    rows = read_csv(data_dir / PLACEMENTS_FILE, columns)
    check_unique_keys(rows, ["naeringshage", "year"])
    result = LoadResult(PLACEMENTS_FILE)
    naeringshager = Entities(Naeringshage, _("næringshage"), NAERINGSHAGER_FILE)
    models = _tier_models()
    for row in rows:
        model = models.get(row, "tier_model")
        level = model.levels.filter(rank=_integer(row, "level_rank")).first()
        if level is None:
            raise row.error(
                "level_rank",
                _("The tier model has no level with this rank (see %(file)s).")
                % {"file": TIER_LEVELS_FILE},
            )
        outcome = upsert(
            Placement,
            key={
                "naeringshage": naeringshager.get(row, "naeringshage"),
                "year": _integer(row, "year"),
            },
            values={
                "level_id": level.pk,
                "decision_date": row.date("decision_date", required=False),
                "letter_reference": row.text("letter_reference"),
                "rationale": row.text("rationale"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_grants(data_dir: Path) -> LoadResult:
    columns = [
        "naeringshage",
        "funder",
        "kind",
        "title",
        "first_year",
        "last_year",
        "amount",
        "granted_on",
        "note",
    ]
    rows = read_csv(data_dir / GRANTS_FILE, columns)
    check_unique_keys(rows, ["naeringshage", "funder", "kind", "title", "first_year"])
    result = LoadResult(GRANTS_FILE)
    naeringshager = Entities(Naeringshage, _("næringshage"), NAERINGSHAGER_FILE)
    funders = Entities(Funder, _("funder"), FUNDERS_FILE)
    for row in rows:
        outcome = upsert(
            Grant,
            key={
                "naeringshage": naeringshager.get(row, "naeringshage"),
                "funder": funders.get(row, "funder"),
                "kind": row.text("kind"),
                "title": row.text("title"),
                "first_year": _integer(row, "first_year"),
            },
            values={
                "last_year": _integer(row, "last_year"),
                "amount": _amount(row, "amount"),
                "granted_on": row.date("granted_on", required=False),
                "note": row.text("note"),
            },
            row=row,
        )
        grant = Grant.objects.get(
            naeringshage=naeringshager.get(row, "naeringshage"),
            funder=funders.get(row, "funder"),
            kind=row.text("kind"),
            title=row.text("title"),
            first_year=_integer(row, "first_year"),
        )
        try:
            grant_allocations_reset(grant=grant)
        except ValidationError as error:
            raise row.from_validation_error(error) from None
        result.outcomes[outcome] += 1
    return result


def load_own_share_rules(data_dir: Path) -> LoadResult:
    columns = ["grant_kind", "valid_from", "valid_to", "minimum_share", "source"]
    rows = read_csv(data_dir / OWN_SHARE_RULES_FILE, columns)
    check_unique_keys(rows, ["grant_kind", "valid_from"])
    result = LoadResult(OWN_SHARE_RULES_FILE)
    for row in rows:
        outcome = upsert(
            OwnShareRule,
            key={"grant_kind": row.text("grant_kind"), "valid_from": row.date("valid_from")},
            values={
                "valid_to": row.date("valid_to", required=False),
                "minimum_share": _decimal(row, "minimum_share"),
                "source": row.text("source"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_own_share_exceptions(data_dir: Path) -> LoadResult:
    columns = ["grant_kind", "valid_from", "valid_to", "name", "minimum_share", "description"]
    rows = read_csv(data_dir / OWN_SHARE_EXCEPTIONS_FILE, columns)
    check_unique_keys(rows, ["grant_kind", "valid_from"])
    result = LoadResult(OWN_SHARE_EXCEPTIONS_FILE)
    for row in rows:
        outcome = upsert(
            OwnShareException,
            key={"grant_kind": row.text("grant_kind"), "valid_from": row.date("valid_from")},
            values={
                "valid_to": row.date("valid_to", required=False),
                "name": row.text("name"),
                "minimum_share": _decimal(row, "minimum_share"),
                "description": row.text("description"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_state_aid_rules(data_dir: Path) -> LoadResult:
    columns = ["name", "valid_from", "valid_to", "cap_eur", "window_years"]
    rows = read_csv(data_dir / STATE_AID_RULES_FILE, columns)
    check_unique_keys(rows, ["valid_from"])
    result = LoadResult(STATE_AID_RULES_FILE)
    for row in rows:
        outcome = upsert(
            StateAidRule,
            key={"valid_from": row.date("valid_from")},
            values={
                "name": row.text("name"),
                "valid_to": row.date("valid_to", required=False),
                "cap_eur": _amount(row, "cap_eur"),
                "window_years": _integer(row, "window_years"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_aid_register_thresholds(data_dir: Path) -> LoadResult:
    columns = ["valid_from", "valid_to", "threshold_eur"]
    rows = read_csv(data_dir / AID_REGISTER_THRESHOLDS_FILE, columns)
    check_unique_keys(rows, ["valid_from"])
    result = LoadResult(AID_REGISTER_THRESHOLDS_FILE)
    for row in rows:
        outcome = upsert(
            AidRegisterThreshold,
            key={"valid_from": row.date("valid_from")},
            values={
                "valid_to": row.date("valid_to", required=False),
                "threshold_eur": _amount(row, "threshold_eur"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_eur_rates(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / EUR_RATES_FILE, ["valid_from", "nok_per_eur", "source"])
    check_unique_keys(rows, ["valid_from"])
    result = LoadResult(EUR_RATES_FILE)
    for row in rows:
        outcome = upsert(
            EurRate,
            key={"valid_from": row.date("valid_from")},
            values={"nok_per_eur": _decimal(row, "nok_per_eur"), "source": row.text("source")},
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_target_kinds(data_dir: Path) -> LoadResult:
    columns = ["target_kind", "name", "measure", "first_year", "last_year", "position"]
    rows = read_csv(data_dir / TARGET_KINDS_FILE, [*columns, "description"])
    check_unique_keys(rows, ["target_kind"])
    result = LoadResult(TARGET_KINDS_FILE)
    for row in rows:
        values = {
            "name": row.text("name"),
            "measure": row.text("measure"),
            "first_year": _integer(row, "first_year"),
            "last_year": _integer(row, "last_year", required=False),
            "position": _integer(row, "position"),
            "description": row.text("description"),
        }
        outcome = upsert(TargetKind, key={"slug": row.text("target_kind")}, values=values, row=row)
        result.outcomes[outcome] += 1
    return result


FILES: list[Callable[[Path], LoadResult]] = [
    load_funders,
    load_tier_models,
    load_tier_levels,
    load_tier_criteria,
    load_placements,
    load_grants,
    load_own_share_rules,
    load_own_share_exceptions,
    load_state_aid_rules,
    load_aid_register_thresholds,
    load_eur_rates,
    load_target_kinds,
]

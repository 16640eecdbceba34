"""Checksums of the generated rows by natural keys (not ids or timestamps): the same
seed gives the same hashes on any database (`generate_data --checksum`)."""

import hashlib
from collections.abc import Iterable

from django.db import models

from demo.generate.scale import SLUG_PREFIX
from funding.models import GrantAllocation, PricedService
from programmes.models import Company, Enrolment, Event, KeyFigures, Participant

CHECKSUM_QUERIES: dict[str, tuple[type[models.Model], str, list[str]]] = {
    "companies": (
        Company,
        "naeringshage__slug",
        ["naeringshage__slug", "organisation_number", "name", "municipality__slug", "address",
         "nace_code", "women_in_leadership"],
    ),
    "enrolments": (
        Enrolment,
        "company__naeringshage__slug",
        ["company__organisation_number", "kind", "start_date", "end_date", "contract_reference"],
    ),
    "key_figures": (
        KeyFigures,
        "company__naeringshage__slug",
        ["company__organisation_number", "year", "employees", "revenue", "value_creation"],
    ),
    "events": (
        Event,
        "naeringshage__slug",
        ["naeringshage__slug", "title", "starts_at", "municipality__slug", "responsible__username"],
    ),
    "participants": (
        Participant,
        "event__naeringshage__slug",
        ["event__naeringshage__slug", "event__starts_at", "event__title", "name",
         "company__organisation_number", "email"],
    ),
    "grants": (
        GrantAllocation,
        "grant__naeringshage__slug",
        ["grant__naeringshage__slug", "grant__kind", "grant__funder__slug", "grant__title",
         "grant__first_year", "year", "amount"],
    ),
    "services": (
        PricedService,
        "naeringshage__slug",
        ["naeringshage__slug", "company__organisation_number", "adviser__username",
         "service_type__slug", "date", "description", "hours", "hourly_rate", "fixed_price",
         "price", "own_share", "subsidy", "grant__kind", "grant__first_year", "grant__title",
         "exception_reason", "nok_per_eur", "subsidy_eur", "submission_id", "void_reason"],
    ),
}  # fmt: skip


def _digest(rows: Iterable[tuple]) -> str:
    lines = sorted("\x1f".join("" if v is None else str(v) for v in row) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def checksums() -> dict[str, str]:
    """A short hash of each kind of generated row, by natural keys (not ids or
    timestamps): the same seed gives the same hashes on any database."""
    result = {}
    for name, (model, scope, values) in CHECKSUM_QUERIES.items():
        rows = model.objects.filter(**{f"{scope}__startswith": SLUG_PREFIX}).values_list(*values)
        result[name] = _digest(rows.iterator(chunk_size=5_000))
    return result

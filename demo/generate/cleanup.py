"""Finding and deleting the generated data: every næringshage whose key starts with
`gen-` and every row that names one (the generated tier models stay)."""

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction

from demo.generate.scale import SLUG_PREFIX
from funding.models import Grant, GrantAllocation, Placement, PricedService
from programmes.models import (
    Company,
    ContactPerson,
    Enrolment,
    Event,
    KeyFigures,
    Naeringshage,
    Office,
    Participant,
    RegionMembership,
    StaffMembership,
)


def generated_naeringshager():
    return Naeringshage.objects.filter(slug__startswith=SLUG_PREFIX)


def has_generated_data() -> bool:
    return generated_naeringshager().exists()


def _delete_where(model: type[models.Model], column: str, subquery: str, params) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {connection.ops.quote_name(column)} IN ({subquery})",  # noqa: S608 - names from the models
            params,
        )


def delete_generated_data() -> None:
    """Remove every generated næringshage and all its rows (tier models stay)."""
    User = get_user_model()
    nh_ids = list(generated_naeringshager().values_list("pk", flat=True))
    if not nh_ids:
        return
    marks = ", ".join(["%s"] * len(nh_ids))
    user_ids = list(
        StaffMembership.objects.filter(naeringshage_id__in=nh_ids).values_list("user_id", flat=True)
    )
    with transaction.atomic():
        known = {
            Participant, PricedService, GrantAllocation, Grant, Placement, Event, KeyFigures,
            ContactPerson, Enrolment, Company, RegionMembership, Office, StaffMembership,
        }  # fmt: skip
        # Rows of other apps (such as a closed year's snapshot) that name a næringshage.
        for relation in Naeringshage._meta.related_objects:
            if relation.related_model not in known and relation.field.concrete:
                _delete_where(relation.related_model, relation.field.column, marks, nh_ids)
        events = f"SELECT id FROM {Event._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        companies = f"SELECT id FROM {Company._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        grants = f"SELECT id FROM {Grant._meta.db_table} WHERE naeringshage_id IN ({marks})"  # noqa: S608
        _delete_where(Participant, "event_id", events, nh_ids)
        _delete_where(PricedService, "naeringshage_id", marks, nh_ids)
        _delete_where(GrantAllocation, "grant_id", grants, nh_ids)
        _delete_where(Grant, "naeringshage_id", marks, nh_ids)
        Placement.objects.filter(naeringshage_id__in=nh_ids).delete()
        _delete_where(Event, "naeringshage_id", marks, nh_ids)
        for model in (KeyFigures, ContactPerson, Enrolment):
            _delete_where(model, "company_id", companies, nh_ids)
        _delete_where(Company, "naeringshage_id", marks, nh_ids)
        StaffMembership.objects.filter(naeringshage_id__in=nh_ids).delete()
        User.objects.filter(pk__in=user_ids).delete()
        Naeringshage.objects.filter(pk__in=nh_ids).delete()

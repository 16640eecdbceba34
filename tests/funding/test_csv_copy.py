"""The services CSV on PostgreSQL (funding.csv_copy): written by COPY, byte for byte the
file Python writes, streamed in pieces; a browser that leaves midway ends the COPY."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.roles import ADVISER
from funding import exports, selectors
from funding.models import Funder, Grant, PricedService
from funding.services import grant_create, service_record, service_void
from municipalities.models import Municipality
from programmes.models import Company, ServiceType, StaffMembership
from tests.funding.conftest import draft_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; elsewhere Python writes"
)


def copy_bytes(queryset) -> bytes:
    from funding.csv_copy import csv_copy_lines

    return b"".join(csv_copy_lines(queryset, exports.csv_header()))


def python_bytes(queryset, naeringshage) -> bytes:
    return "".join(exports.python_csv_lines(queryset, naeringshage)).encode("utf-8")


@pytest.fixture
def awkward(roros, roros_adviser, advice, tynset_company, django_user_model):
    """Services with every kind of cell: quotes, semicolons, line breaks, spaces, a fixed
    price, a multi-year project grant with a title, advisers named by username or last
    name only, a company number that is not nine digits, another year's numbering."""
    project = grant_create(
        naeringshage=roros, funder=Funder.objects.get(slug="siva"), kind=Grant.Kind.PROJECT,
        first_year=2016, last_year=2018, amount=Decimal("90000"), granted_on=date(2016, 1, 4),
        title='Grønn "omstilling"; fase 1',
    )  # fmt: skip
    by_username = django_user_model.objects.create_user("olan", first_name="", last_name="")
    by_last_name = django_user_model.objects.create_user("ks", first_name=" ", last_name="Sæther")
    for user in (by_username, by_last_name):
        user.groups.add(Group.objects.get(name=ADVISER))
        StaffMembership.objects.create(user=user, naeringshage=roros)
    odd = Company.objects.create(
        naeringshage=roros, organisation_number="974760673", name=" Mellomrom AS ",
        municipality=Municipality.objects.get(slug="os"),
    )  # fmt: skip
    descriptions = ['Sa "ja"; så nei', "Linje en\nlinje to", "Slutt med semikolon;", "", " "]
    for number, description in enumerate(descriptions):
        fields = {
            "date": date(2016 + number, 3, 1 + number),
            "description": description,
            "hours": None,
            "hourly_rate": None,
            "fixed_price": Decimal("1234.50"),
            # A project grant for the first three, market price for the others.
            "own_share": Decimal("400.25") if number < 3 else Decimal("1234.50"),
            "grant": project if number < 3 else None,
        }
        adviser = (by_username, by_last_name, roros_adviser)[number % 3]
        company = odd if number % 2 else tynset_company
        service_record(
            draft=draft_for(company, adviser, advice, **fields), recorded_by=roros_adviser
        )
    voided = service_record(
        draft=draft_for(odd, roros_adviser, advice, description="Feilført"),
        recorded_by=roros_adviser,
    )
    service_void(service=voided, reason="Feil", voided_by=roros_adviser)


def test_copy_writes_the_same_bytes_as_python(roros, services, formula_companies, awkward):
    for filters in ({}, {"voided": "all"}, {"year": 2016}, {"year": 2021, "voided": "all"}):
        queryset = selectors.services_filtered(naeringshage=roros, filters=filters)
        written = copy_bytes(queryset)
        assert written == python_bytes(queryset, roros), filters
        assert written.count(b"\n") > 1
    everything = copy_bytes(
        selectors.services_filtered(naeringshage=roros, filters={"voided": "all"})
    )
    assert b'"Sa ""ja""; s\xc3\xa5 nei"' in everything and b'"Linje en\nlinje to"' in everything
    assert b"; Mellomrom AS ;974 760 673;" in everything and b";olan;" in everything
    assert b";S\xc3\xa6ther;" in everything  # a blank first name: the last name alone


def test_a_long_file_comes_in_pieces_and_a_browser_leaving_ends_the_copy(
    roros, services, roros_adviser, monkeypatch
):
    from funding import csv_copy

    monkeypatch.setattr(csv_copy._Queue, "PIECE", 65536)  # pieces of 64 KB for 300 KB of rows
    model = PricedService.objects.filter(naeringshage=roros).first()
    clones = []
    for number in range(3000):
        model.pk = None
        model.submission_id = uuid.uuid4()
        model.description = f"Kopi {number} " + "x" * 40
        clones.append(
            PricedService(
                **{f.attname: getattr(model, f.attname) for f in model._meta.concrete_fields}
            )
        )
    PricedService.objects.bulk_create(clones)
    from funding.csv_copy import csv_copy_lines

    queryset = selectors.services_filtered(naeringshage=roros, filters={})
    pieces = list(csv_copy_lines(queryset, exports.csv_header()))
    assert len(pieces) >= 4  # the header, then pieces of about 64 KB
    assert b"".join(pieces).count(b"\n") == queryset.count() + 1

    left = csv_copy_lines(queryset, exports.csv_header())
    next(left), next(left)  # the header and the first piece
    left.close()  # the browser went away
    assert ServiceType.objects.count() > 0  # the connection is fit for the next query
    assert copy_bytes(queryset).count(b"\n") == queryset.count() + 1

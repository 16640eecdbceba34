"""Isolation between næringshager: two of them in one installation, each with a row of
every kind; for every URL pattern that opens a row, the staff of one asking for the
other's row (its id guessed) get 404 and change nothing; lists, searches, reports and
exports show only their own rows."""

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts import roles
from funding.models import Funder, Grant, Placement, PricedService, TierModel, YearClosing
from funding.services import grant_create, placement_save, service_record
from programmes.models import (
    Company,
    ContactPerson,
    Enrolment,
    Event,
    KeyFigures,
    Naeringshage,
    Participant,
    ServiceType,
)
from programmes.organisation_numbers import format_organisation_number
from programmes.services import (
    contact_person_create,
    key_figures_create,
    participant_add,
    staff_membership_set,
)
from tests.conftest import make_user
from tests.downloads.conftest import prepared_services_file
from tests.funding.conftest import draft_for
from tests.imports.conftest import uploaded_companies
from tests.programmes.factories import enrol, make_company, make_event
from tests.test_role_matrix import DENIED, MATRIX, OK, Ref, World
from tests.urlwalk import url_patterns

THEIR_NAME = "Hemmelig Bedrift AS"


def build(naeringshage: Naeringshage, adviser, manager, *, serial: int, name: str) -> World:
    for user in (adviser, manager):
        staff_membership_set(user=user, naeringshage=naeringshage)
    company = make_company(naeringshage, serial, name=name)
    event = make_event(naeringshage, adviser, title=f"Frokostmøte hos {name}")
    frame = Grant.objects.filter(
        naeringshage=naeringshage, kind=Grant.Kind.SIVA_FRAME, first_year=2016
    ).first() or grant_create(
        naeringshage=naeringshage,
        funder=Funder.objects.get(slug="siva"),
        kind=Grant.Kind.SIVA_FRAME,
        first_year=2016,
        last_year=2016,
        amount=Decimal("800000"),
        granted_on=date(2016, 1, 15),
    )
    placement = Placement.objects.filter(naeringshage=naeringshage).first() or placement_save(
        naeringshage=naeringshage,
        year=2016,
        level=TierModel.objects.get(name__contains="2016").levels.order_by("rank").last(),
        decision_date=date(2016, 1, 10),
    )
    service = service_record(
        draft=draft_for(company, adviser, ServiceType.objects.get(slug="radgivning"), grant=frame),
        recorded_by=adviser,
    )
    return World(
        company=company,
        contact=contact_person_create(company=company, name=f"Kontakt i {name}"),
        figures=key_figures_create(company=company, year=2016, employees=3),
        enrolment=enrol(company, date(2016, 3, 1)),
        event=event,
        participant=participant_add(event=event, name=f"Deltaker fra {name}"),
        grant=frame,
        placement=placement,
        service=service,
        staff_user=adviser,
        prepared_file=prepared_services_file(naeringshage, adviser),
        upload=uploaded_companies(naeringshage, manager),
    )


@pytest.fixture
def two(reference_data, adviser, manager):
    """Ours: Rørosregionen with the shared adviser and manager. Theirs: another
    næringshage with its own staff and rows of every kind."""
    roros = Naeringshage.objects.get(slug="rorosregionen")
    other = Naeringshage.objects.create(
        slug="annen", name="Annen Næringshage AS", programme=roros.programme
    )
    users = get_user_model()
    their_adviser = make_user(users, "annen-radgiver", roles.ADVISER)
    their_manager = make_user(users, "annen-leder", roles.MANAGER)
    ours = build(roros, adviser, manager, serial=1, name="Fjellbakst AS")
    theirs = build(other, their_adviser, their_manager, serial=2, name=THEIR_NAME)
    return ours, theirs


def fingerprint() -> dict[str, list]:
    models = (
        Company,
        ContactPerson,
        KeyFigures,
        Enrolment,
        Event,
        Participant,
        Grant,
        Placement,
        PricedService,
        YearClosing,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def row_urls(world: World) -> list[tuple[str, str]]:
    """(name, path) of every staff URL that names a row, pointed at `world`'s rows."""
    names = {name for name, _sample in url_patterns()}
    urls = []
    for name, entry in MATRIX.items():
        refs = {key: value for key, value in entry.kwargs.items() if isinstance(value, Ref)}
        if not refs or name.startswith("admin:"):
            continue
        assert name in names, name
        kwargs = {key: getattr(world, value).pk if key in refs else value
                  for key, value in entry.kwargs.items()}  # fmt: skip
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_row_url_answers_404_for_the_other_naeringshages_rows(two, adviser, manager):
    ours, theirs = two
    urls = row_urls(theirs)
    assert len(urls) >= 12  # companies and their parts, events, participants, money
    before = fingerprint()
    for column, user in ((2, adviser), (3, manager)):
        client = logged_in(user)
        for name, path in urls:
            if MATRIX[name].answers[column] == DENIED:  # not the role's page anywhere
                assert client.get(path).status_code == 403, (user.username, name)
                continue
            answers = {
                client.get(path).status_code,
                client.post(path, {"name": "Overtatt", "reason": "Overtatt"}).status_code,
            }
            # 404 for the method the URL takes; 405 for the other (a page only shows,
            # or a form only posts).
            assert 404 in answers and answers <= {404, 405}, (user.username, name, answers)
    assert fingerprint() == before
    # The same URLs open our own rows (the test can fail).
    client = logged_in(manager)
    for name, path in row_urls(ours):
        if MATRIX[name].answers[3] == OK:
            response = client.get(path)
            if response.streaming:  # read to the end, as a server would: its file is closed
                b"".join(response.streaming_content)
            assert response.status_code == 200, name


def test_lists_and_searches_show_only_our_rows(two, adviser, manager):
    client = logged_in(manager)
    for path in (
        "/companies/",
        "/companies/?q=Hemmelig",
        "/events/?year=2016",
        "/services/",
        "/funding/",
        "/region/",
        "/?year=2016",
        "/people/?q=Hemmelig",
        "/people/?q=Kontakt",
        "/search/?q=Hemmelig",
        "/search/?q=Hemmelig Bedrift",
        "/search/?q=Kontakt",
        "/search/?q=Frokostmøte",
        "/search/?q=Rådgivning",
        "/companies/lookup/?q=Hemmelig",
        "/companies/lookup/?q=Hemelig",
        "/companies/survey/",
        "/funding/state-aid/?year=2016",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert THEIR_NAME not in response.content.decode(), path
    assert "Fjellbakst AS" in client.get("/companies/").content.decode()
    # Their company's organisation number (spaced or not) finds nothing of theirs either.
    their_number = two[1].company.organisation_number
    for text in (their_number, f"{their_number[:3]} {their_number[3:6]} {their_number[6:]}"):
        for path in ("/search/", "/companies/lookup/", "/companies/"):
            page = client.get(path, {"q": text}).content.decode()
            assert THEIR_NAME not in page, (path, text)
    found = client.get("/companies/lookup/", {"q": "fjelbakst"}).json()["results"]
    assert [result["id"] for result in found] == [two[0].company.pk]


def test_reports_and_exports_hold_only_our_data(two, manager):
    ours, theirs = two
    client = logged_in(manager)
    their_orgnr = theirs.company.organisation_number

    page = client.get("/reports/annual/", {"year": 2016}).content.decode()
    assert THEIR_NAME not in page and "Fjellbakst AS" in page

    response = client.get("/reports/annual/export.xlsx", {"year": 2016})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not [cell for cell in cells if THEIR_NAME in cell or their_orgnr in cell]
    programme = list(book["Programbedrifter"].iter_rows(values_only=True))[1:]
    assert [row[1] for row in programme] == ["Fjellbakst AS"]
    # Siva's programme list (the owners' template) holds ours alone too.
    response = client.get("/reports/annual/owner/siva-programliste.xlsx", {"year": 2016})
    siva = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(siva["Programbedrifter"].iter_rows(values_only=True))[1:]
    assert [row[1] for row in rows] == ["Fjellbakst AS"]
    assert not [str(v) for row in rows for v in row if v and their_orgnr in str(v)]
    # Our one service: 10 h × 1 000 kr; theirs (the same) is not counted.
    assert list(book["Kommuner"].iter_rows(values_only=True))[-1][4:] == (
        1,
        1,
        10,
        10000,
        2500,
        7500,
    )

    for section in ("municipalities", "programme_companies", "grants", "events"):
        content = b"".join(
            client.get(f"/reports/annual/{section}.csv", {"year": 2016}).streaming_content
        ).decode()
        assert THEIR_NAME not in content and their_orgnr not in content, section

    services = b"".join(client.get("/services/export.csv").streaming_content).decode()
    assert "Fjellbakst AS" in services and THEIR_NAME not in services

    export = client.get(
        "/people/export.json",
        {"contact": [theirs.contact.pk], "participant": [theirs.participant.pk]},
    )
    assert export.status_code == 400  # their people cannot be chosen
    ours_export = json.loads(
        client.get("/people/export.json", {"contact": [ours.contact.pk]}).content
    )
    assert ours_export["contact_persons"][0]["company"] == "Fjellbakst AS"


def test_closing_our_year_leaves_theirs_open(two, manager):
    from reports.snapshots import close_year

    ours, theirs = two
    close_year(naeringshage=ours.company.naeringshage, year=2016, closed_by=manager)
    assert not YearClosing.objects.filter(naeringshage=theirs.company.naeringshage).exists()
    # Their adviser still records 2016 services.
    their_adviser = theirs.service.adviser
    service_record(
        draft=draft_for(
            theirs.company,
            their_adviser,
            ServiceType.objects.get(slug="radgivning"),
            grant=theirs.grant,
            date=date(2016, 11, 1),
        ),
        recorded_by=their_adviser,
    )


def test_their_targets_never_show_and_saving_ours_leaves_theirs(two, manager):
    from funding.models import Target, TargetKind
    from funding.services import targets_save, targets_version

    ours, theirs = two
    helped = TargetKind.objects.get(slug="hjulpet-2011")
    targets_save(naeringshage=theirs.company.naeringshage, year=2016, values={helped.pk: 777})
    targets_save(naeringshage=ours.company.naeringshage, year=2016, values={helped.pk: 12})
    client = logged_in(manager)
    for path in ("/funding/?year=2016", "/funding/targets/?year=2016", "/?year=2016"):
        page = client.get(path).content.decode()
        assert "777" not in page and "12" in page, path

    version = targets_version(naeringshage=ours.company.naeringshage, year=2016)
    response = client.post(
        "/funding/targets/?year=2016", {f"target_{helped.pk}": "15", "version": version}
    )
    assert response.status_code == 302
    values = dict(Target.objects.values_list("naeringshage__slug", "value"))
    assert values == {"rorosregionen": 15, "annen": 777}


def test_the_state_aid_register_lists_only_our_awards(two, manager):
    from datetime import date
    from decimal import Decimal

    from funding.models import AidRegisterThreshold

    # A threshold low enough for the 2016 services of both næringshager.
    AidRegisterThreshold.objects.create(
        valid_from=date(2016, 1, 1), valid_to=date(2023, 12, 10), threshold_eur=Decimal("1")
    )
    _ours, theirs = two
    client = logged_in(manager)
    number = theirs.company.organisation_number
    their_numbers = (number, format_organisation_number(number))
    page = client.get("/funding/state-aid/", {"year": 2016}).content.decode()
    assert "Fjellbakst AS" in page and THEIR_NAME not in page
    content = client.get("/funding/state-aid/", {"year": 2016, "format": "csv"}).content.decode()
    assert "Fjellbakst AS" in content
    assert THEIR_NAME not in content and not any(n in content for n in their_numbers)
    response = client.get("/funding/state-aid/", {"year": 2016, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert "Fjellbakst AS" in cells
    assert not [c for c in cells if THEIR_NAME in c or any(n in c for n in their_numbers)]


def test_the_survey_contacts_hold_only_our_target_companies(two, manager):
    _ours, theirs = two
    client = logged_in(manager)
    number = theirs.company.organisation_number
    their_numbers = (number, format_organisation_number(number))
    page = client.get("/companies/survey/").content.decode()
    assert "Fjellbakst AS" in page and THEIR_NAME not in page
    content = client.get("/companies/survey/", {"format": "csv"}).content.decode()
    assert THEIR_NAME not in content and not any(n in content for n in their_numbers)
    response = client.get("/companies/survey/", {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert "Fjellbakst AS" in cells  # ours, on the second sheet: its contact has no e-mail
    assert not [c for c in cells if THEIR_NAME in c or any(n in c for n in their_numbers)]


def test_their_commentary_never_shows_and_saving_ours_leaves_theirs(two, manager):
    from reports.models import Commentary
    from reports.selectors.commentary import commentary_version
    from reports.services import commentary_save

    ours, theirs = two
    their_garden = theirs.company.naeringshage
    commentary_save(
        naeringshage=their_garden,
        year=2016,
        half=None,
        texts={"summary": "Hemmelig kommentar"},
        written_by=manager,
    )
    client = logged_in(manager)
    for path in ("/reports/annual/?year=2016", "/reports/annual/commentary/?year=2016"):
        page = client.get(path).content.decode()
        assert "Hemmelig kommentar" not in page, path

    version = commentary_version(naeringshage=ours.company.naeringshage, year=2016, half=None)
    response = client.post(
        "/reports/annual/commentary/?year=2016", {"summary": "Vår kommentar", "version": version}
    )
    assert response.status_code == 302
    texts = dict(Commentary.objects.values_list("naeringshage__slug", "text"))
    assert texts == {"rorosregionen": "Vår kommentar", "annen": "Hemmelig kommentar"}

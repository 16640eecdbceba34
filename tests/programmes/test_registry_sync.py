"""The nightly sync with Enhetsregisteret's update feed (programmes.services.registry_sync,
`manage.py sync_registry`), against the stand-in server: every company an update names,
in any næringshage, is asked about again; a new status goes into its history; the feed's
position is kept page by page, so that a sync goes on where the last one stopped."""

import io

import pytest
from django.core.management import CommandError, call_command

from programmes.models import Company, RegistryFeed
from programmes.services import registry_sync
from tests import registry_server as brreg
from tests.programmes.factories import make_company

Status = Company.RegistryStatus


def registered(naeringshage, serial: int, number: str, name: str) -> Company:
    company = make_company(naeringshage, serial, name=name)
    Company.objects.filter(pk=company.pk).update(organisation_number=number)
    company.refresh_from_db()
    return company


@pytest.fixture
def companies(staff_of_rorosregionen, other_naeringshage):
    roros = staff_of_rorosregionen
    return {
        "bankrupt": registered(roros, 1, brreg.BANKRUPT, "Fjellstua Drift AS"),
        "deleted": registered(roros, 2, brreg.DELETED, "Gamle Gruva Servering AS"),
        "active": registered(roros, 3, brreg.ACTIVE, "Røros Tre og Design AS"),
        # The same unit followed by another næringshage too.
        "theirs": registered(other_naeringshage, 4, brreg.BANKRUPT, "Fjellstua (deres)"),
    }


def test_the_companies_an_update_names_are_asked_again(companies, registry):
    registry.updates = [
        brreg.update(101, brreg.BANKRUPT),
        brreg.update(102, "999999999"),  # a unit no næringshage follows
        brreg.update(103, brreg.DELETED, "Sletting"),
    ]
    result = registry_sync()
    assert (result.updates, result.checked, result.last_update_id) == (3, 3, 103)
    statuses = {key: Company.objects.get(pk=c.pk).registry_status for key, c in companies.items()}
    assert statuses == {
        "bankrupt": Status.BANKRUPT,
        "deleted": Status.DELETED,
        "active": "",  # no update named it: not asked
        "theirs": Status.BANKRUPT,
    }
    assert sorted(company.name for company in result.changed) == [
        "Fjellstua (deres)", "Fjellstua Drift AS", "Gamle Gruva Servering AS"
    ]  # fmt: skip
    asked = [
        path for path in registry.requests if "/enheter" in path and "oppdateringer" not in path
    ]
    # The register's search for the units still there, each once for both næringshager,
    # then the one it does not give (deleted) by itself.
    assert asked == [
        f"/enhetsregisteret/api/enheter?organisasjonsnummer={brreg.BANKRUPT}%2C{brreg.DELETED}&size=2",
        f"/enhetsregisteret/api/enheter/{brreg.DELETED}",
    ]
    assert RegistryFeed.objects.get().last_update_id == 103
    bankrupt = companies["bankrupt"]
    assert bankrupt.history.latest().registry_status == Status.BANKRUPT


def test_a_sync_goes_on_from_where_the_last_stopped_and_changes_nothing_twice(companies, registry):
    registry.updates = [brreg.update(number, brreg.BANKRUPT) for number in range(200, 205)]
    first = registry_sync(page_size=2)  # three pages
    assert (first.updates, first.last_update_id, len(first.changed)) == (5, 204, 2)
    history = companies["bankrupt"].history.count()
    registry.updates.append(brreg.update(205, brreg.BANKRUPT))
    registry.requests.clear()
    again = registry_sync(page_size=2)
    assert (again.updates, again.last_update_id, again.changed) == (1, 205, [])
    assert any("oppdateringsid=205" in path for path in registry.requests)
    assert companies["bankrupt"].history.count() == history  # the same status: no new row


def test_a_sync_that_cannot_reach_the_register_keeps_its_place(companies, registry, settings):
    registry.updates = [brreg.update(300, brreg.BANKRUPT), brreg.update(301, brreg.FAILING)]
    registered(companies["active"].naeringshage, 9, brreg.FAILING, "Feiler AS")
    with pytest.raises(CommandError, match="503"):
        call_command("sync_registry", stdout=io.StringIO())
    # The page was not finished: the next sync reads it again. What was asked before
    # the failure is kept, and is not a change the second time.
    assert RegistryFeed.objects.get().last_update_id == 0
    assert Company.objects.get(pk=companies["bankrupt"].pk).registry_status == Status.BANKRUPT
    registry.updates = [brreg.update(300, brreg.BANKRUPT)]
    out = io.StringIO()
    call_command("sync_registry", stdout=out)
    assert "Read 1 updates (up to 300); 2 companies checked, 0 with a new status." in out.getvalue()
    assert RegistryFeed.objects.get().last_update_id == 300


def test_the_sync_is_a_periodic_job(settings):
    assert settings.PERIODIC_JOBS["sync_registry"]["command"] == ["sync_registry"]


def test_the_dashboard_names_the_companies_the_register_flags(companies, registry, adviser_client):
    page = adviser_client.get("/").content.decode()
    assert "Bedrifter å følge opp i Enhetsregisteret" not in page
    registry.updates = [brreg.update(401, brreg.BANKRUPT), brreg.update(402, brreg.ACTIVE)]
    registry_sync()
    page = adviser_client.get("/").content.decode().replace("\u00a0", " ")
    assert "Bedrifter å følge opp i Enhetsregisteret" in page
    assert "Fjellstua Drift AS</a>: Konkurs fra 14.09.2026" in page
    assert "Røros Tre og Design AS" not in page  # registered: nothing to follow up
    assert "Fjellstua (deres)" not in page  # the other næringshage's


def test_the_staff_get_one_mail_of_the_companies_flagged_and_never_twice(
    companies, registry, adviser, manager, mailoutbox
):
    adviser.email, manager.email = "radgiver@x.example", "leder@x.example"
    adviser.save()
    manager.save()
    registry.updates = [
        brreg.update(401, brreg.BANKRUPT),
        brreg.update(402, brreg.DELETED, "Sletting"),
        brreg.update(403, brreg.ACTIVE),  # a new status too, but nothing to flag
    ]
    result = registry_sync()
    assert result.mails == 1  # the other næringshage has no staff to tell
    (mail,) = mailoutbox
    assert sorted(mail.to) == ["leder@x.example", "radgiver@x.example"]
    assert mail.subject == "Enhetsregisteret har flagget 2 bedrifter i Rørosregionen Næringshage AS"
    lines = [line for line in mail.body.splitlines() if line.startswith("- ")]
    assert lines == [
        f"- Fjellstua Drift AS ({companies['bankrupt'].organisation_number_display}): "
        "Konkurs fra 14.09.2026",
        f"- Gamle Gruva Servering AS ({companies['deleted'].organisation_number_display}): "
        "Slettet fra 30.06.2025",
    ]
    # The next night the same statuses are no news: no mail.
    registry.updates.append(brreg.update(404, brreg.BANKRUPT))
    assert registry_sync().mails == 0
    assert len(mailoutbox) == 1

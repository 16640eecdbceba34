"""Fetches the latest annual accounts from Regnskapsregisteret for every company that has
none kept for last year yet (programmes.services.accounts_fetch_due); the periodic job
`fetch_accounts` runs it after the filing deadline and again in the autumn."""

from django.core.management.base import BaseCommand, CommandError

from programmes.models import Naeringshage
from programmes.registry import RegistryUnavailable
from programmes.services import Fetched, accounts_fetch_due


class Command(BaseCommand):
    help = (
        "Fetches the latest annual accounts from Regnskapsregisteret for the companies "
        "that have none kept for last year, and sets those years' key figures where the "
        "staff's figures do not differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--naeringshage", help="only this næringshage's (its slug)")

    def handle(self, *args, naeringshage: str | None, **options):
        only = None
        if naeringshage:
            only = Naeringshage.objects.filter(slug=naeringshage).first()
            if only is None:
                raise CommandError(f"No næringshage has the slug {naeringshage!r}.")
        try:
            run = accounts_fetch_due(naeringshage=only)
        except RegistryUnavailable as error:
            raise CommandError(str(error.reason)) from None
        counts = ", ".join(f"{run.outcomes.get(outcome, 0)} {outcome.value}" for outcome in Fetched)
        self.stdout.write(f"Asked about {run.asked} companies: {counts}.")
        for accounts in run.differs:
            company = accounts.company
            self.stdout.write(
                f"  {company.naeringshage.name}: {company.name} {accounts.year}: "
                "the key figures recorded differ from the register's"
            )

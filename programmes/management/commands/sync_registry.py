"""Reads Enhetsregisteret's update feed and asks again about the companies it names
(programmes.services.registry_sync); the periodic job `sync_registry` runs it nightly."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programmes.registry import RegistryUnavailable
from programmes.services import registry_sync


class Command(BaseCommand):
    help = (
        "Reads Enhetsregisteret's update feed from where the last sync stopped and keeps "
        "the register's answer for every company an update names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=datetime.fromisoformat,
            help="the first sync only: read the updates since this time (YYYY-MM-DD)",
        )

    def handle(self, *args, since: datetime | None, **options):
        if since is not None and timezone.is_naive(since):
            since = timezone.make_aware(since)
        try:
            result = registry_sync(since=since)
        except RegistryUnavailable as error:
            raise CommandError(str(error.reason)) from None
        self.stdout.write(
            f"Read {result.updates} updates (up to {result.last_update_id}); "
            f"{result.checked} companies checked, {len(result.changed)} with a new status."
        )
        if result.mails:
            self.stdout.write(f"{result.mails} e-mails to the staff of the companies flagged.")
        for company in result.changed:
            self.stdout.write(
                f"  {company.naeringshage.name}: {company.name} "
                f"({company.organisation_number_display}): {company.get_registry_status_display()}"
            )

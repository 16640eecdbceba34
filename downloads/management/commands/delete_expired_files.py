"""Delete the prepared files whose days are over (DOWNLOAD_RETENTION_DAYS), the stored
file with its row, and mark failed those that stalled (lost with a worker that stopped).
Run daily by the scheduler (settings.PERIODIC_JOBS); safe to run by hand at any time:
`manage.py delete_expired_files`."""

from django.core.management.base import BaseCommand

from downloads.services import prepared_files_delete_expired, prepared_files_fail_stalled


class Command(BaseCommand):
    help = "Delete the prepared files kept past their days, with their stored files."

    def handle(self, *args, **options):
        failed = prepared_files_fail_stalled()
        deleted = prepared_files_delete_expired()
        self.stdout.write(
            f"Deleted {deleted} prepared file(s) kept past their days; "
            f"marked {failed} stalled one(s) failed."
        )

"""Delete the prepared files whose days are over (DOWNLOAD_RETENTION_DAYS), the stored
file with its row. Run daily by the scheduler (settings.PERIODIC_JOBS); safe to run by
hand at any time: `manage.py delete_expired_files`."""

from django.core.management.base import BaseCommand

from downloads.services import prepared_files_delete_expired


class Command(BaseCommand):
    help = "Delete the prepared files kept past their days, with their stored files."

    def handle(self, *args, **options):
        deleted = prepared_files_delete_expired()
        self.stdout.write(f"Deleted {deleted} prepared file(s) kept past their days.")

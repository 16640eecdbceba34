"""Deletes the uploaded files of imports not imported within IMPORT_RETENTION_DAYS; run
daily by the scheduler (settings.PERIODIC_JOBS), safe to run by hand at any time."""

from django.core.management.base import BaseCommand

from imports.services import imports_delete_old_files


class Command(BaseCommand):
    help = "Delete the uploaded files of imports left unimported past their days."

    def handle(self, *args, **options):
        deleted = imports_delete_old_files()
        self.stdout.write(f"Deleted {deleted} uploaded file(s) never imported.")

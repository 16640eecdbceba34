"""Load the reference data files (counties, municipalities, the programme, the
næringshager and their regions). Idempotent: loading again changes only what the files
changed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.reference_data import CREATED, UNCHANGED, UPDATED, ReferenceDataError
from programmes.services import REFERENCE_DATA_DIR, reference_data_load


class Command(BaseCommand):
    help = (
        "Load counties, municipalities and their numbering, the programme, the "
        "næringshager and their regions from CSV files. Loading twice changes nothing; "
        "a bad file is refused with its line and column, and nothing is loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=REFERENCE_DATA_DIR,
            help="Folder with the CSV files (default: data/reference in the project).",
        )

    def handle(self, *args, **options):
        try:
            results = reference_data_load(data_dir=options["data_dir"])
        except ReferenceDataError as error:
            raise CommandError("\n".join(error.messages)) from None
        if options["verbosity"] < 1:
            return
        for result in results:
            self.stdout.write(
                f"  {result.file:<24} {result.rows:>4} rows: "
                f"{result.outcomes[CREATED]} new, {result.outcomes[UPDATED]} changed, "
                f"{result.outcomes[UNCHANGED]} unchanged"
            )
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))

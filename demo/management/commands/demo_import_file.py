"""Writes the example spreadsheet for the import (demo.import_file) to a file."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.import_file import import_workbook


class Command(BaseCommand):
    help = (
        "Writes the example import workbook (companies, contact persons, and services of "
        "last year and this year) to PATH."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--today", type=date.fromisoformat, help="the day it is written for (YYYY-MM-DD)"
        )

    def handle(self, *args, path: Path, today: date | None, **options):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(import_workbook(today or timezone.localdate()))
        self.stdout.write(f"Wrote {path}")

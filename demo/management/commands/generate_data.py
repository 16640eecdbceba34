"""Generate a large, fictional data set for measuring speed: `generate_data --scale
national --seed 1` makes 40 næringshager, 20 000 companies and 1 000 000 services over
2016–2025 (see `demo.generate`).

Only for a test or benchmark database: the generated staff have known passwords, so it
is refused unless DEBUG is on or --i-know-this-is-test-data is given. It refuses to run
where generated data exists unless --replace is given (which deletes it first).
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo import generate
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Generate a deterministic, fictional data set (demo, region or national scale) for "
        "tests and benchmarks. Never on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(generate.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same rows.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the generated data already in the database first.",
        )
        parser.add_argument(
            "--checksum",
            action="store_true",
            help="Print a checksum of each kind of generated row at the end.",
        )
        parser.add_argument(
            "--i-know-this-is-test-data",
            action="store_true",
            help="Allow it although DEBUG is off (a benchmark database, never production).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["i_know_this_is_test_data"]):
            raise CommandError(
                "Refusing to generate test data with known passwords: DEBUG is off. Pass "
                "--i-know-this-is-test-data if this really is a test or benchmark database."
            )
        if generate.has_generated_data():
            if not options["replace"]:
                raise CommandError(
                    "The database already holds generated data (næringshager with keys "
                    f"starting “{generate.SLUG_PREFIX}”). Pass --replace to delete it and "
                    "generate again."
                )
            started = time.monotonic()
            generate.delete_generated_data()
            self.stdout.write(f"Deleted the generated data ({time.monotonic() - started:.1f} s).")
        if not Programme.objects.filter(slug=generate.PROGRAMME).exists():
            self.stdout.write("No reference data yet: loading it first.")
            call_command("load_reference_data", verbosity=0)
        started = time.monotonic()
        try:
            summary = generate.generate(
                scale=options["scale"], seed=options["seed"], log=self.stdout.write
            )
        except generate.GenerationError as error:
            raise CommandError(str(error)) from None
        elapsed = time.monotonic() - started
        for name, count in summary.counts.items():
            self.stdout.write(f"  {name:<20} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated the {summary.scale} data set (seed {summary.seed}) in {elapsed:.1f} s."
            )
        )
        self.stdout.write(
            f"Log in as leder-01 … leder-{summary.counts['næringshager']:02d} (manager, password "
            f"“{generate.MANAGER_PASSWORD}”) or radgiver-01 … (adviser, password "
            f"“{generate.ADVISER_PASSWORD}”)."
        )
        if options["checksum"]:
            for name, digest in generate.checksums().items():
                self.stdout.write(f"  checksum {name:<14} {digest}")

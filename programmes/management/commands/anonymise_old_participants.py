"""Apply the retention rule for event participants: names and e-mails are kept until
the end of the fifth year after the event, then replaced as on erasure.

Run it from cron early in January: `manage.py anonymise_old_participants`.

Only events whose start lies in the range people may type (core.dates) are read: one
event with a broken date (a time in year 1 cannot be read back from PostgreSQL) must
not stop the rule for every other. Its participants are counted and said on stderr,
so that cron's mail asks for the date to be corrected.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from core.dates import FIRST_DAY, FIRST_MOMENT, LAST_DAY, moment_in_range_q
from programmes.models import ContactPerson, Participant
from programmes.services.privacy import ERASED_NAME, person_erase
from programmes.years import year_datetime_bounds


class Command(BaseCommand):
    help = "Anonymise participants of events more than --years years back (default 5)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5)

    def handle(self, *args, years: int, **options):
        if years < 1:
            self.stderr.write("--years must be at least 1.")
            raise SystemExit(2)
        keep_from = timezone.localdate().year - years  # events of this year on are kept
        keep_from_moment, _ = year_datetime_bounds(keep_from)
        old = Participant.objects.filter(
            event__starts_at__gte=FIRST_MOMENT, event__starts_at__lt=keep_from_moment
        ).exclude(Q(name__startswith=f"{ERASED_NAME} ") & Q(email=""))
        skipped = Participant.objects.exclude(moment_in_range_q("event__starts_at")).count()
        _, anonymised = person_erase(
            contact_persons=ContactPerson.objects.none(), participants=old, erased_by=None
        )
        self.stdout.write(f"{anonymised} participants of events before {keep_from} anonymised.")
        if skipped:
            people = "participant" if skipped == 1 else "participants"
            self.stderr.write(
                f"{skipped} {people} skipped: their event starts outside "
                f"{FIRST_DAY:%d.%m.%Y}–{LAST_DAY:%d.%m.%Y}. Correct the event's start and run "
                "the command again."
            )

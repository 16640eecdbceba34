"""Apply the retention rule for event participants: names and e-mails are kept until
the end of the fifth year after the event, then replaced as on erasure.

Run it from cron early in January: `manage.py anonymise_old_participants`.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from programmes.models import ContactPerson, Participant
from programmes.services.privacy import ERASED_NAME, person_erase


class Command(BaseCommand):
    help = "Anonymise participants of events more than --years years back (default 5)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5)

    def handle(self, *args, years: int, **options):
        if years < 1:
            self.stderr.write("--years must be at least 1.")
            raise SystemExit(2)
        keep_from = timezone.localdate().year - years  # events of this year on are kept
        old = Participant.objects.filter(event__starts_at__year__lt=keep_from).exclude(
            Q(name__startswith=f"{ERASED_NAME} ") & Q(email="")
        )
        _, anonymised = person_erase(
            contact_persons=ContactPerson.objects.none(), participants=old, erased_by=None
        )
        self.stdout.write(f"{anonymised} participants of events before {keep_from} anonymised.")

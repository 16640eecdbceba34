"""Close a næringshage's finished years from the command line, as its manager would
from the report page: e.g. when an installation takes over years already accounted
for. Years already closed are left as they are.

    manage.py close_years rorosregionen 2016 2019 --as leder
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import is_manager
from programmes.models import Naeringshage
from reports.snapshots import close_year, standing_closing


class Command(BaseCommand):
    help = "Close a næringshage's years FIRST to LAST (inclusive), storing their figures."

    def add_arguments(self, parser):
        parser.add_argument("naeringshage", help="the næringshage's key (slug)")
        parser.add_argument("first", type=int)
        parser.add_argument("last", type=int, nargs="?")
        parser.add_argument("--as", dest="username", required=True, help="a manager's username")

    def handle(self, *args, naeringshage, first, last, username, **options):
        try:
            garden = Naeringshage.objects.get(slug=naeringshage)
            user = get_user_model().objects.get(username=username)
        except (Naeringshage.DoesNotExist, get_user_model().DoesNotExist) as error:
            raise CommandError(str(error)) from None
        if not is_manager(user):
            raise CommandError(f"{username} is not a manager.")
        for year in range(first, (last or first) + 1):
            if standing_closing(naeringshage=garden, year=year) is not None:
                self.stdout.write(f"{year}: already closed")
                continue
            try:
                close_year(naeringshage=garden, year=year, closed_by=user)
            except ValidationError as error:
                raise CommandError(f"{year}: {' '.join(error.messages)}") from None
            self.stdout.write(f"{year}: closed")

"""Print the code a demo user's authenticator app shows now, for a person trying the
demo or a script (scripts/bench.py) that logs in as a manager. Refused for every user
whose app does not have the published demo key: it never reveals a real user's code."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.two_factor import demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (published demo key only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        code = demo_totp_code(user=user) if user is not None else None
        if code is None:
            raise CommandError(
                f"{options['username']!r} is not a demo user with the demo authenticator key."
            )
        self.stdout.write(code)

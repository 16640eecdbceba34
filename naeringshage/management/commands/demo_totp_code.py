"""Print the code a demo user's authenticator app shows now, for a demo or a script
(scripts/bench.py) that logs in as the demo manager. Refused for every user whose app
does not have the published demo key: it never reveals a real user's code."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from naeringshage.management.commands.seed_demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (seed_demo's users only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY).first()
            if user is not None
            else None
        )
        if device is None:
            raise CommandError(
                f"{options['username']!r} is not a demo user with the demo authenticator key."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")

"""The published authenticator key of demo and generated test users.

seed_demo's manager and administrator (and any user of generated test data that a
script must log in as) get an authenticator app with this key, so that a person trying
the demo can add it to their own app and a script can compute the code. Never for real
users: `demo_totp_code` refuses any app with another key.
"""

from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.services import APP_DEVICE_NAME

DEMO_TOTP_SECRET = "NAERINGSHAGEDEMONAERINGSHAGEDEMO"  # noqa: S105 - published, demo only
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()


def demo_authenticator_app_set(*, user) -> TOTPDevice:
    """The user's app with the demo key, unless they have set up an app of their own."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
        )
    return device


def demo_totp_code(*, user) -> str | None:
    """The code the demo app shows now, or None when the user's app is not the demo's."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"

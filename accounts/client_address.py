"""The client's address as the login lockout records it, also behind reverse proxies."""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    Each trusted proxy appends the address it was connected from to X-Forwarded-For, so
    the client is the entry TRUSTED_PROXY_COUNT places from the right. Entries further
    left come from the client itself and could be anything, so they are never read. A
    header shorter than the proxy chain or an entry that is not an address means the
    request did not come through the proxies: then the connection's own address counts.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote

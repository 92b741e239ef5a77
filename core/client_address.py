"""The address a visitor signs in from, as the sign-in lockout (django-axes) counts it.

Behind the TLS proxy every request comes from the proxy's address; the visitor's is the one the
proxy appended to `X-Forwarded-For`. Only the `TRUSTED_PROXY_COUNT` rightmost entries were
written by proxies the site trusts: anything to their left came from the visitor and may be
forged, so it is never read.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address: with N trusted proxies, the N-th address from the right of
    `X-Forwarded-For`; the direct peer (`REMOTE_ADDR`) with none, or when the header has fewer
    addresses than there are proxies or is not an address."""
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return peer

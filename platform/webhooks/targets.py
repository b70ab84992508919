"""Where a webhook may point. Only https, to a host whose every address is public: a receiver
URL must never make the platform's workers call into its own network (SSRF). During development
and tests (DEBUG or DJANGO_ENV=test) a receiver on the machine itself (localhost, 127.0.0.1) is
allowed, over http too. The check runs when a subscription is saved and again before each POST,
against the addresses the POST then connects to (a host name that later resolves elsewhere is
caught there)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def local_receivers_allowed() -> bool:
    return bool(settings.DEBUG) or getattr(settings, "DJANGO_ENV", "") == "test"


def _is_local_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_loopback


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(url: str) -> tuple[str, int, list[str]]:
    """Check `url` and resolve its host: (host, port, the addresses to connect to). Raises a
    ValidationError in the user's language when the URL may not be used."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValidationError(_("URL tujuan tidak valid.")) from exc
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError(_("URL tujuan tidak valid."))
    if parts.username or parts.password:
        raise ValidationError(_("URL tujuan tidak boleh memuat nama pengguna atau kata sandi."))
    local = local_receivers_allowed() and host in LOCAL_NAMES
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise ValidationError(_("URL tujuan harus memakai https://."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ValidationError(
            _("Nama host %(host)s tidak dapat ditemukan.") % {"host": host}
        ) from exc
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not (_public(address) or (local and _is_local_loopback(address))):
            raise ValidationError(
                _(
                    "URL tujuan mengarah ke alamat jaringan pribadi atau lokal (%(address)s); webhook hanya dapat dikirim ke alamat publik."
                )
                % {"address": address}
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise ValidationError(_("Nama host %(host)s tidak dapat ditemukan.") % {"host": host})
    return host, port, addresses


def check(url: str) -> str:
    """The URL, stripped, if a subscription may use it; else a ValidationError."""
    resolve(url)
    return url.strip()

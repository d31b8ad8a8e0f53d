"""The guard against server-side request forgery: where Helix agrees to send a webhook.

A webhook URL is chosen by an organisation, and Helix's worker then makes requests to it from
inside Helix's network. So the URL must be http(s), carry no credentials, and every address its
host resolves to must be on the public internet: not private, loopback, link-local (the cloud
metadata service at 169.254.169.254), multicast, reserved or unspecified, nor an IPv4-mapped IPv6
form of those. It is checked when an endpoint is saved (a field error) and again when sending;
when sending, the address actually connected to is checked too (`GuardedHTTPConnection`), so a
name that resolves to a public address at the check and to a private one at the connection (DNS
rebinding) is still refused. Proxies from the environment are not used and redirects are not
followed.

`HELIX_WEBHOOKS_ALLOW_LOOPBACK` lets loopback addresses through, for tests and local development
only; production leaves it off.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = "Helix-Webhooks/1"


class UnsafeDestination(ValueError):
    """The URL or the address connected to is not one Helix sends webhooks to."""


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(value.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def check_address(value: str) -> None:
    """Raise UnsafeDestination unless `value` (an IP address) is on the public internet."""
    try:
        address = _address(value)
    except ValueError as error:
        message = _("“%(address)s” is not an IP address.") % {"address": value}
        raise UnsafeDestination(message) from error
    if address.is_loopback and settings.HELIX_WEBHOOKS_ALLOW_LOOPBACK:
        return
    if (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    ):
        raise UnsafeDestination(
            _("%(address)s is not a public internet address.") % {"address": address}
        )


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeDestination(
            _("The host “%(host)s” could not be found.") % {"host": host}
        ) from error
    return sorted({info[4][0] for info in infos})


def check_url(url: str) -> None:
    """Raise UnsafeDestination unless Helix may send webhooks to `url`."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeDestination(_("This URL is not valid.")) from error
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsafeDestination(_("Only http and https addresses can receive webhooks."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestination(
            _("The URL cannot contain a user name or password; authenticate with the signature.")
        )
    if not parts.hostname:
        raise UnsafeDestination(_("This URL has no host."))
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise UnsafeDestination(
            _("The host “%(host)s” could not be found.") % {"host": parts.hostname}
        )
    for address in addresses:
        check_address(address)


def validate_webhook_url(url: str) -> None:
    """The model field's validator: the same checks as a form error."""
    try:
        check_url(url)
    except UnsafeDestination as error:
        raise ValidationError(str(error), code="unsafe_url") from error


# --- Sending ---------------------------------------------------------------------------------


class _PeerCheckMixin:
    def _new_conn(self):
        sock = super()._new_conn()
        try:
            check_address(sock.getpeername()[0])
        except UnsafeDestination:
            sock.close()
            raise
        return sock


class GuardedHTTPConnection(_PeerCheckMixin, HTTPConnection):
    """Refuses to talk to an address the guard refuses, whatever DNS said at the check."""


class GuardedHTTPSConnection(_PeerCheckMixin, HTTPSConnection):
    pass


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST `body` to `url` once and return the response's status code.

    Raises UnsafeDestination when the guard refuses the URL or the connected address, and
    urllib3's errors (timeouts, refused connections, TLS failures) otherwise. No retry, no
    redirect, no proxy: the caller decides what to do with a failure.
    """
    check_url(url)
    manager = urllib3.PoolManager(num_pools=1, maxsize=1)
    manager.pool_classes_by_scheme = {
        "http": GuardedHTTPConnectionPool,
        "https": GuardedHTTPSConnectionPool,
    }
    try:
        response = manager.request(
            "POST",
            url,
            body=body,
            headers=headers,
            timeout=urllib3.Timeout(total=timeout),
            retries=False,
            redirect=False,
            preload_content=False,
        )
        # The body does not matter; the status does. Close rather than read a large answer.
        status = response.status
        response.close()
        return status
    finally:
        manager.clear()

"""The one place that decides a request's client address (throttles, sign-in lockouts).

X-Forwarded-For is anyone's to write: it is read only when the peer that connected to us is a
proxy that settings.HELIX_TRUSTED_PROXIES names (addresses or networks; none by default). Then
the header is walked from the right, past every trusted proxy, and the first address that is
not one of them is the client: the left-hand entries are whatever the client chose to send.
"""

from functools import lru_cache
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest

Address = IPv4Address | IPv6Address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _trusted(address: Address) -> bool:
    networks = _networks(tuple(settings.HELIX_TRUSTED_PROXIES))
    return any(address in network for network in networks)


def _parse(value: str) -> Address | None:
    """An address as a proxy writes it: bare, IPv6 in brackets, either with a port."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":")[0]
    try:
        address = ip_address(value)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request: HttpRequest) -> str:
    """The address throttles and lockouts count by (a string, never empty)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    client = peer
    if _trusted(peer):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _parse(hop)
            if address is None:
                break  # not written by a proxy of ours: keep the last hop we can vouch for
            client = address
            if not _trusted(address):
                break
    return str(client)

"""A Redis cache that degrades instead of failing when Redis cannot be reached.

Helix's cache holds nothing that the database cannot give again: cards and counts of the
project lists, the API's throttling counters, allauth's rate limits. So when Redis is down or
slow, `DegradingRedisCache` (settings.CACHES) answers every operation as a cache that has just
been emptied would, and the request goes on against the database:

- reads miss: `get` returns its default, `get_many` nothing, `has_key` False;
- writes are lost and say so where Django's API can: `set_many` returns the keys it did not
  store, `delete` and `touch` False; `set`, `delete_many` and `clear` return as usual;
- `add` answers True and `incr`/`decr` return `delta`, as for a key that did not exist: a lock
  taken with `add` (allauth's rate limits) is granted and a counter starts afresh, so rate
  limits, the API's throttling among them, let requests through rather than refuse them all.

One failure trips a breaker for `BREAKER_SECONDS`: until then no operation tries Redis, so an
outage costs one slow attempt (bounded by short socket timeouts) every few seconds, not one per
cache call. The outage is logged once when it starts and once when it ends, and each degraded
operation is counted (`cache_health()`, shown by /readyz/).

A write lost in an outage could leave an entry stale once Redis is back with its data (a
network cut rather than a restart): the keys whose set, add, incr or delete failed are
remembered, and deleted before the first operation that reaches Redis again; past
`MAX_LOST_KEYS`, every entry of the cache is (docs/decisions.md, "Redis outage").
"""

import functools
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5.0
# Seconds to open a connection and to wait for an answer: Redis on the same network answers in
# well under a millisecond, so a longer wait means it is not answering.
CONNECT_TIMEOUT = 0.5
READ_TIMEOUT = 0.5
# Keys of lost writes kept per process for deletion on recovery; beyond it, the process deletes
# every entry of the cache on recovery instead (logged).
MAX_LOST_KEYS = 10_000


@dataclass
class _Health:
    """What one process knows of one cache server (shared by its threads' cache objects)."""

    location: str
    open_until: float = 0.0
    down_since: float | None = None
    degraded: int = 0  # operations answered without Redis, since the process started
    outages: int = 0
    lost_keys: set[str] = field(default_factory=set)
    lost_overflow: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        """The location for logs, without a password."""
        return ",".join(_without_password(url) for url in self.location.split(","))

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: Exception) -> None:
        self.open_until = time.monotonic() + BREAKER_SECONDS
        if self.down_since is None:
            self.down_since = time.monotonic()
            self.outages += 1
            logger.warning(
                "Cache at %s unavailable (%s): serving without it, next try in %g s.",
                self.name,
                error,
                BREAKER_SECONDS,
            )

    def summary(self) -> dict:
        return {
            "available": self.down_since is None,
            "degraded_operations": self.degraded,
            "outages": self.outages,
        }

    def reset(self) -> None:
        with self.lock:
            self.open_until, self.down_since, self.degraded, self.outages = 0.0, None, 0, 0
            self.lost_keys.clear()
            self.lost_overflow = False

    def lose(self, keys) -> None:
        with self.lock:
            if len(self.lost_keys) + len(keys) > MAX_LOST_KEYS:
                self.lost_overflow = True
                return
            self.lost_keys.update(keys)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"{parts.hostname}{port}").geturl()


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health.setdefault(location, _Health(location))


def cache_health() -> dict[str, dict]:
    """Per cache location (this process): up or down, and the operations degraded so far."""
    return {location: health.summary() for location, health in _health.items()}


def reset_cache_health() -> None:
    """Forget every outage and lost write (tests)."""
    with _health_lock:
        for health in _health.values():
            health.reset()


_WRITES = {"set", "set_many", "add", "incr", "delete", "delete_many", "touch"}


def _degrading(fallback):
    """Run the operation against Redis unless it is known down; on a connection or timeout
    error, trip the breaker and answer `fallback(self, *args, **kwargs)` instead."""

    def decorate(method):
        name = method.__name__

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            health = self._health
            if health.is_open() or not self._recover():
                return self._degrade(name, args, kwargs, fallback)
            try:
                return method(self, *args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as error:
                health.trip(error)
                return self._degrade(name, args, kwargs, fallback)
            except RedisError as error:  # the server answered with an error: no outage
                logger.warning("Cache %s failed: %s", name, error)
                return self._degrade(name, args, kwargs, fallback)

        return wrapper

    return decorate


class DegradingRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_timeout": READ_TIMEOUT,
            "retry": Retry(NoBackoff(), 0),  # the breaker decides when to try again
            **self._options,
        }
        self._health = _health_of(",".join(self._servers))

    def _degrade(self, name, args, kwargs, fallback):
        health = self._health
        health.degraded += 1
        if name in _WRITES:
            health.lose(self._keys_of(name, args, kwargs))
        return fallback(*args, **kwargs)

    def _keys_of(self, name, args, kwargs) -> list[str]:
        version = kwargs.get("version")
        if name == "set_many":
            keys = list(args[0] if args else kwargs["data"])
            version = args[2] if len(args) > 2 else version
        elif name == "delete_many":
            keys = list(args[0] if args else kwargs["keys"])
            version = args[1] if len(args) > 1 else version
        else:
            keys = [args[0] if args else kwargs["key"]]
        return [self.make_key(key, version=version) for key in keys]

    def _recover(self) -> bool:
        """After an outage, before anything else reaches Redis: delete the keys whose writes
        were lost, so that no entry they should have replaced or removed is served. False if
        Redis is still not answering."""
        health = self._health
        if health.down_since is None:
            return True
        with health.lock:
            lost, overflow = set(health.lost_keys), health.lost_overflow
        try:
            if overflow:
                self._delete_all()
            elif lost:
                self._cache.delete_many(list(lost))
            else:
                self._cache.get_client(None).ping()
        except RedisError as error:
            health.trip(error)
            return False
        with health.lock:
            health.lost_keys -= lost
            health.lost_overflow = False
            was_down = health.down_since
            health.down_since = None
        if was_down is not None:
            logger.warning(
                "Cache at %s available again after %.0f s; %d keys of lost writes deleted%s.",
                health.name,
                time.monotonic() - was_down,
                len(lost),
                " (more were lost than remembered: every entry of the cache was deleted)"
                if overflow
                else "",
            )
        return True

    def _delete_all(self) -> None:
        """Delete every entry of this cache (its KEY_PREFIX), not the other keys of its Redis
        database, such as a broker's queue sharing it."""
        client = self._cache.get_client(None, write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)

    @_degrading(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_degrading(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_degrading(lambda key, version=None: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_degrading(lambda key, value, timeout=DEFAULT_TIMEOUT, version=None: True)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_degrading(lambda key, value, timeout=DEFAULT_TIMEOUT, version=None: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_degrading(lambda data, timeout=DEFAULT_TIMEOUT, version=None: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_degrading(lambda key, timeout=DEFAULT_TIMEOUT, version=None: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_degrading(lambda key, version=None: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_degrading(lambda keys, version=None: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_degrading(lambda key, delta=1, version=None: delta)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_degrading(lambda: False)
    def ping(self) -> bool:
        """True if Redis answers (for /readyz/); False, without trying, while the breaker is
        open."""
        return bool(self._cache.get_client(None).ping())

    def health(self) -> dict:
        """This process's view of this cache: see `cache_health()`."""
        return self._health.summary()

    # decr is BaseCache's: incr(key, -delta), so it degrades with incr.

    @_degrading(lambda: False)
    def clear(self):
        return super().clear()


def replace_tokens(*keys: str) -> None:
    """Something shown under these tokens changed: new ones at once (for the rest of the
    transaction) and again on commit (for what other processes built meanwhile from rows read
    before the change). What was kept under the old ones is never served again."""
    from django.core.cache import cache
    from django.db import transaction

    def replace() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    replace()
    transaction.on_commit(replace)


def current_token(key: str, found: dict | None = None):
    """The version token stored under `key` (from `found`, a `get_many` already made), started
    with a random value when missing. Random, never a constant: a page stored under an old token
    must not become current again because the token was lost (an outage, an eviction) and
    restarted at the same value. None while the cache is down: nothing is then served from it."""
    from django.core.cache import cache

    token = found.get(key) if found is not None else cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token

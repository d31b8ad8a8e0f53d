"""Sessions in the database, read through the cache for at most a minute.

Django's `cached_db` saves a query on every signed-in request: the session is written to the
database and to the cache, and read from the cache, the database answering a miss. The
database stays the record, so a cache outage signs nobody out (core/cache.py answers a miss;
the session is read from its row).

What the cache may get wrong is a session deleted (sign-out, a new key at sign-in) or changed
while the cache could not be told: its old entry would still be served by a process that
reaches Redis. The process that lost the write deletes the entry as soon as Redis answers it
again (core/cache.py), but another process may reach Redis first, and a process may end before
it recovers; a miss racing a sign-out in another process can also put the old data back. So
entries live `settings.HELIX_SESSION_CACHE_SECONDS` (60 by default) however long the session
itself lasts: a signed-out session can be accepted for at most that long after such an outage
or race, never longer (docs/decisions.md, "Sessions through the cache").
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "helix.session."

    def _cache_seconds(self, expiry=None) -> int:
        return min(self.get_expiry_age(expiry=expiry), settings.HELIX_SESSION_CACHE_SECONDS)

    def load(self):
        data = self._cache.get(self.cache_key)
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._cache.set(self.cache_key, data, self._cache_seconds(expiry=row.expire_date))
        return data

    def save(self, must_create=False):
        super(cached_db.SessionStore, self).save(must_create)  # the row: the record
        self._cache.set(self.cache_key, self._session, self._cache_seconds())

    async def aload(self):
        data = await self._cache.aget(await self.acache_key())
        if data is not None:
            return data
        row = await self._aget_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        seconds = min(
            await self.aget_expiry_age(expiry=row.expire_date),
            settings.HELIX_SESSION_CACHE_SECONDS,
        )
        await self._cache.aset(await self.acache_key(), data, seconds)
        return data

    async def asave(self, must_create=False):
        await super(cached_db.SessionStore, self).asave(must_create)
        seconds = min(await self.aget_expiry_age(), settings.HELIX_SESSION_CACHE_SECONDS)
        await self._cache.aset(await self.acache_key(), self._session, seconds)

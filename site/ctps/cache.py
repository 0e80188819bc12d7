"""The project's Redis cache backend: Django's own, with a `clear()` that keeps to its prefix.

Django's `RedisCache.clear()` empties the whole Redis database (FLUSHDB), including what other
sites, or other test runs, keep there. This one deletes only the keys under its KEY_PREFIX.
"""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

BATCH = 1000


class RedisCache(DjangoRedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        # make_key() writes "<prefix>:<version>:<key>"; escape the prefix for Redis' glob
        pattern = re.sub(r"([\\*?\[\]])", r"\\\1", self.key_prefix) + ":*"
        keys = []
        for key in client.scan_iter(match=pattern, count=BATCH):
            keys.append(key)
            if len(keys) >= BATCH:
                client.delete(*keys)
                keys = []
        if keys:
            client.delete(*keys)
        return True

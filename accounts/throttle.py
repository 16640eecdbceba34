"""A limit on how often something may be asked for, counted in the default cache.

Each key counts the requests of one window (`window` seconds from the first); once
`limit` are counted, `allow` says no until the window ends. The cache is each process's
memory by default and Redis in production (shared by every instance), so on one
process the count is exact and behind several it is at most a few more.
"""

from hashlib import sha256

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Counts one request for `key`; False once more than `limit` came in the window."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between the two calls: a new one begins
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def private_key(prefix: str, value: str) -> str:
    """A cache key that names `value` (an e-mail address) without keeping it."""
    return f"{prefix}:{sha256(value.casefold().encode()).hexdigest()}"

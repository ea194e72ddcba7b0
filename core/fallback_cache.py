"""The shared cache (Redis) with a fallback in each process: when Redis cannot be reached,
the site degrades instead of failing.

Almost every request reads the cache (the page cache, Wagtail's routing, shared search
values, rate limits, log-in throttling), and Django's RedisCache raises on every
operation while Redis is down, so an unreachable Redis made the whole site answer 500,
and a stalled one made every request wait first.

FallbackRedisCache tries each operation on Redis. On a Redis error or time-out it logs
one warning, marks Redis as down for RETRY_SECONDS and does the same operation on a cache
of this process (a LocMemCache of MAX_ENTRIES values). While Redis is marked down,
operations go straight to the local cache, so a stalled Redis costs each process at most
one time-out per retry period. Once the period has passed, the next operation pings
Redis: when it answers, this process forgets its local values (they may be older than
what other processes stored in Redis meanwhile) and uses Redis again; no restart needed.

Meanwhile each process counts rate limits and failed log-ins on its own (the limits still
hold, per process, as with the locmem:// default), and a change made through one process
reaches the values other processes keep within PAGE_CACHE_SECONDS.

OPTIONS: Redis's own connection options (config/env.py sets socket_timeout and
socket_connect_timeout from CACHE_TIMEOUT), and RETRY_SECONDS and MAX_ENTRIES, taken out
here.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger("core.cache")

# What a Redis that is down, stalled or refusing looks like (ConnectionError and
# TimeoutError are RedisErrors; a socket's own errors are OSErrors).
REDIS_ERRORS = (RedisError, OSError)


class _Outage:
    """Whether Redis is marked down in this process. Django makes one cache object per
    thread, so this is shared by them all (one per cache configuration)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0


_outages = {}


def _readable(location):
    """The first server's address without its password, for the log."""
    parts = urlsplit(location.split(",")[0].split(";")[0])
    if parts.hostname is None:  # unix://PATH
        return f"{parts.scheme}://{parts.path}"
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 10))
        local_options = {"MAX_ENTRIES": options.pop("MAX_ENTRIES", 300)}
        # One try per operation: redis-py's own retries would multiply the time-out.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = _readable(server if isinstance(server, str) else server[0])
        name = f"{__name__}:{server}:{self.key_prefix}"
        self._outage = _outages.setdefault(name, _Outage())
        self._local = LocMemCache(name, {**params, "OPTIONS": local_options})

    # --- Where an operation goes ---------------------------------------------------------

    def _use_redis(self):
        """Whether this operation goes to Redis: yes unless Redis is marked down. Once
        the retry period has passed, one operation in the process pings it first (the
        others keep to the local cache meanwhile)."""
        outage = self._outage
        if not outage.down:
            return True
        with outage.lock:
            if not outage.down:
                return True
            if time.monotonic() < outage.retry_at:
                return False
            outage.retry_at = time.monotonic() + self.retry_seconds
        return self.probe()["status"] == "ok"

    def _run(self, operation, *args, **kwargs):
        if self._use_redis():
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except REDIS_ERRORS as error:
                self._went_down(error)
        return getattr(self._local, operation)(*args, **kwargs)

    def _went_down(self, error):
        outage = self._outage
        with outage.lock:
            outage.retry_at = time.monotonic() + self.retry_seconds
            if outage.down:
                return
            outage.down = True
        logger.warning(
            "The shared cache (Redis at %s) is not answering (%s: %s); this process uses "
            "its own cache and tries Redis again every %g seconds.",
            self._location,
            type(error).__name__,
            error,
            self.retry_seconds,
        )

    def _came_back(self):
        outage = self._outage
        with outage.lock:
            if not outage.down:
                return
            outage.down = False
            self._local.clear()
        logger.warning(
            "The shared cache (Redis at %s) answers again; this process uses it again.",
            self._location,
        )

    def probe(self):
        """Ping Redis now, whether or not it is marked down (with the same time-outs), and
        mark it down or back accordingly. For readiness: {"status": "ok"}, or
        {"status": "degraded", "detail": …}."""
        try:
            self._cache.get_client(write=True).ping()
        except REDIS_ERRORS as error:
            self._went_down(error)
            return {
                "status": "degraded",
                "detail": f"Redis is not answering ({type(error).__name__}); each process "
                "uses its own cache.",
            }
        self._came_back()
        return {"status": "ok"}

    # --- The operations RedisCache implements (BaseCache builds the others on them) ------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._run("delete", key, version)

    def get_many(self, keys, version=None):
        return self._run("get_many", list(keys), version)

    def has_key(self, key, version=None):
        return self._run("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._run("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._run("delete_many", list(keys), version)

    def clear(self):
        return self._run("clear")

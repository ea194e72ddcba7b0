"""The real Redis on this machine (127.0.0.1:6379), behind a small TCP proxy that can make
it unreachable: refusing connections, or accepting them and never answering."""

import contextlib
import os
import socket
import threading
import uuid
from types import SimpleNamespace

import pytest

REDIS = ("127.0.0.1", 6379)
_redis_missing = []


@pytest.fixture(scope="session")
def redis_server():
    """A client of the real Redis. When none answers the test skips, loudly; in CI
    (CI=true) it fails, so the cache tests can never pass there by not running."""
    import redis

    client = redis.Redis(*REDIS, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not answering at {REDIS[0]}:{REDIS[1]} ({error})"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        _redis_missing.append(message)
        pytest.skip(message)
    return client


def pytest_terminal_summary(terminalreporter):
    if _redis_missing:
        terminalreporter.section("Redis missing", sep="!", yellow=True, bold=True)
        terminalreporter.write_line(f"SKIPPED the tests that need Redis: {_redis_missing[0]}")
        terminalreporter.write_line("CI fails on this; start redis-server on 127.0.0.1:6379.")


class RedisProxy:
    """Forwards 127.0.0.1:`port` to the real Redis. Its mode says what a new connection
    meets: "pass" (Redis), "refuse" (nothing listens: connection refused) or "stall"
    (accepted, never answered). Changing the mode drops every open connection, as a
    restart of Redis would."""

    def __init__(self, upstream=REDIS):
        self.upstream = upstream
        self.port = 0
        self.mode = "pass"
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()
        self._listen()

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)  # the accepting thread notices when it is closed
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while listener is self._listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self._keep(client)
            if self.mode == "pass":
                upstream = self._keep(socket.create_connection(self.upstream))
                for source, target in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, target), daemon=True).start()
            # "stall": the connection stays open and nothing is ever read or answered.

    def _keep(self, sock):
        with self._lock:
            self._open.add(sock)
        return sock

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                self._close(sock)

    def _close(self, sock):
        with self._lock:
            self._open.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _drop_connections(self):
        with self._lock:
            connections = list(self._open)
        for sock in connections:
            self._close(sock)

    def set_mode(self, mode):
        assert mode in {"pass", "refuse", "stall"}
        self._drop_connections()
        self.mode = mode
        if mode == "refuse" and self._listener is not None:
            listener, self._listener = self._listener, None
            listener.close()
        elif mode != "refuse" and self._listener is None:
            self._listen()

    def close(self):
        self.set_mode("refuse")


@pytest.fixture
def redis_proxy(redis_server):
    proxy = RedisProxy()
    yield proxy
    proxy.close()


@pytest.fixture
def redis_cache(redis_server, redis_proxy):
    """The site's Redis cache configuration (config/env.py) on the proxy: a short
    time-out, a one-second retry period and a key prefix of this test's own. `.proxy`
    switches Redis off and on; `.key(name)` is a cache key's name in the real Redis.
    Everything the test stored in Redis is deleted afterwards."""
    from django.test import override_settings

    from config import env

    prefix = f"test-{uuid.uuid4().hex}"
    config = env.cache(f"redis://127.0.0.1:{redis_proxy.port}/0", timeout=0.2, retry_seconds=1)
    # Restored here, before tests/conftest.py empties the default cache: that must never
    # FLUSHDB the machine's Redis.
    with override_settings(CACHES={"default": {**config, "KEY_PREFIX": prefix}}):
        yield SimpleNamespace(proxy=redis_proxy, key=lambda name: f"{prefix}:1:{name}")
    keys = list(redis_server.scan_iter(f"{prefix}:*"))
    if keys:
        redis_server.delete(*keys)

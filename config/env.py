"""Reading configuration from environment variables.

Every setting comes from the environment (after load_env_file has added the file that
DIGITALHELP_ENV_FILE names) with a safe local default. A value that cannot be used raises
ConfigError with one sentence that says what to fix; manage.py and wsgi.py print that
sentence instead of a traceback.
"""

import io
import ipaddress
import os
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv.parser import parse_stream


class ConfigError(ImproperlyConfigured):
    """A configuration value is missing or malformed."""


ENV_FILE = "DIGITALHELP_ENV_FILE"


def load_env_file():
    """Put the KEY=VALUE lines of the file named by DIGITALHELP_ENV_FILE into os.environ.

    Every process of the site (gunicorn, the task worker, cron jobs) names the same file,
    so they all run with the same settings. It is read as python-dotenv reads it, without
    $ expansion, so it also serves as a systemd EnvironmentFile; comments and quotes are
    allowed. A variable already set in the process wins over the file, so a one-off
    `LOG_LEVEL=DEBUG manage.py ...` works. Returns the names taken from the file."""
    path = text(ENV_FILE)
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ConfigError(f"{ENV_FILE} names {path}, which does not exist.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{ENV_FILE} names {path}, which is not UTF-8 text.") from None
    except OSError as error:
        reason = (error.strerror or "unreadable").lower()
        raise ConfigError(f"{ENV_FILE} names {path}, which cannot be read ({reason}).") from None
    # python-dotenv's own parser, read once; a line it cannot read is refused (its
    # dotenv_values would only log a warning and skip it). The line itself is not
    # repeated: it may hold a password. Comments and blank lines have no key.
    values = {}
    for binding in parse_stream(io.StringIO(content)):
        if binding.error or (binding.key is not None and binding.value is None):
            raise ConfigError(
                f"Line {binding.original.line} of {path} ({ENV_FILE}) is not KEY=VALUE."
            )
        if binding.key is not None:
            values[binding.key] = binding.value
    taken = []
    for key, value in values.items():
        if key not in os.environ:
            os.environ[key] = value
            taken.append(key)
    return taken


def text(name, default=""):
    return os.environ.get(name, default).strip()


def flag(name, default=False):
    raw = text(name)
    if not raw:
        return default
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true or false), not {raw!r}.")


def integer(name, default, minimum=None):
    raw = text(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {raw!r}.")
    return value


def number(name, default, minimum=None):
    """A number that may have decimals, such as 0.5 (seconds)."""
    raw = text(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = None
    # float() also reads "nan" and "inf", which no setting means.
    if value is None or value != value or abs(value) == float("inf"):
        raise ConfigError(f"{name} must be a number such as 0.5, not {raw!r}.")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {raw!r}.")
    return value


def listing(name, default=()):
    raw = text(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database(url, default_sqlite_path):
    """A DATABASES['default'] dict from a postgres:// or sqlite:/// URL."""
    if not url:
        url = f"sqlite:///{default_sqlite_path}"
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            "DATABASE_URL must start with postgres:// or sqlite:/// "
            f"(for example postgres://user@localhost:5432/digitalhelp), not {url!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception:
        config = None
    if not config or not config.get("NAME"):
        raise ConfigError(
            "DATABASE_URL is malformed: use postgres://USER:PASSWORD@HOST:PORT/NAME "
            f"or sqlite:///PATH, not {url!r}."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Serialise writers and make acknowledged commits durable (see DESIGN.md).
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL"),
        }
    else:
        config["CONN_MAX_AGE"] = integer("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


def email(url):
    """Email settings from EMAIL_URL: smtp://user:pass@host:587?tls=1, console:, or empty."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme in {"console", "locmem", "dummy"}:
        backend = {"console": "console", "locmem": "locmem", "dummy": "dummy"}[parts.scheme]
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ConfigError(
            "EMAIL_URL must look like smtp://USER:PASSWORD@HOST:587?tls=1 "
            "(or smtps:// for SSL, or console:), not the value given."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError("EMAIL_URL has a port that is not a number.") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls") in {"1", "true"},
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 10,
    }


# The per-process cache holds this many values (Django's default, 300, is less than the
# result lists of a dozen searches); override with locmem://?max_entries=N.
LOCMEM_MAX_ENTRIES = 3000


def cache(url, timeout=0.5, retry_seconds=10):
    """CACHES['default'] from locmem://[?max_entries=N], db://TABLE or redis://HOST:PORT/DB.

    Redis gets a fallback in each process (core/fallback_cache.py): an operation waits at
    most `timeout` seconds for Redis; when it is down or stalled, each process uses a
    cache of its own and tries Redis again every `retry_seconds`."""
    if not url:
        url = "locmem://"
    scheme = urlsplit(url).scheme
    if scheme == "locmem":
        query = parse_qs(urlsplit(url).query)
        try:
            entries = int(query.get("max_entries", [LOCMEM_MAX_ENTRIES])[0])
        except ValueError:
            raise ConfigError(f"max_entries in CACHE_URL must be a number, not {url!r}.") from None
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
    if scheme == "db":
        table = urlsplit(url).netloc or "cache_table"
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "core.fallback_cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_timeout": timeout,
                "socket_connect_timeout": timeout,
                "RETRY_SECONDS": retry_seconds,
                "MAX_ENTRIES": LOCMEM_MAX_ENTRIES,
            },
        }
    raise ConfigError(
        f"CACHE_URL must be locmem://, db://TABLE or redis://HOST:6379/0, not {url!r}."
    )


def tasks(name):
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
        "dummy": "django_tasks.backends.dummy.DummyBackend",
    }
    if name not in backends:
        raise ConfigError(f"TASKS_BACKEND must be one of {', '.join(backends)}, not {name!r}.")
    return {"default": {"BACKEND": backends[name]}}


def parse_rate_limits(raw, name="RATE_LIMITS"):
    """ "referral-form=20/600,directory-api=300/60" → {scope: (requests, seconds)}.

    The forms (referral-form, report-form) are counted per browser: SCOPE=R/S is what one
    browser may send, and also what all requests without a browser cookie from one
    address may send together. SCOPE.address=R/S is the limit for one client address
    over all its browsers; without it that is six times the browser limit over the same
    window (core/throttle.py). Other scopes are counted per address only, and SCOPE is
    that limit (SCOPE.address, if given, wins). Example:
    "referral-form=20/600,referral-form.address=120/600,directory-api=300/60"."""
    limits = {}
    for item in filter(None, (part.strip() for part in (raw or "").split(","))):
        try:
            scope, rule = (part.strip() for part in item.split("="))
            requests, seconds = (int(number) for number in rule.split("/"))
        except ValueError:
            raise ConfigError(
                f"{name} must look like referral-form=20/600,directory-api=300/60; "
                f"{item!r} is not scope=requests/seconds."
            ) from None
        base, dot, per = scope.partition(".")
        if not base or (dot and per != "address"):
            raise ConfigError(
                f"{name}: {item!r} names no scope; write SCOPE=requests/seconds or "
                "SCOPE.address=requests/seconds (for example referral-form.address=120/600)."
            )
        if requests < 1 or seconds < 1:
            raise ConfigError(f"{name}: {item!r} needs positive numbers.")
        limits[scope] = (requests, seconds)
    return limits


def rate_limits(name):
    return parse_rate_limits(text(name), name)


# The widest network that can be trusted with a higher rate limit: a library's or an
# office's own addresses, never a whole provider's (IPv4 /16, IPv6 /32 at most).
WIDEST_TRUSTED_PREFIX = {4: 16, 6: 32}


def parse_networks(raw, name="RATE_LIMIT_TRUSTED_ADDRESSES"):
    """ "192.0.2.10, 198.51.100.0/24, 2001:db8:5::/48" → a tuple of ip_network; a single
    address is a network of one. Host bits beyond the mask and networks wider than
    WIDEST_TRUSTED_PREFIX are refused: both are more likely mistakes than intentions."""
    found = []
    for item in filter(None, (part.strip() for part in (raw or "").split(","))):
        try:
            network = ipaddress.ip_network(item)
        except ValueError:
            try:
                meant = ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ConfigError(
                    f"{name} must be a comma-separated list of addresses or networks "
                    f"such as 192.0.2.10,198.51.100.0/24,2001:db8:5::/48; {item!r} is "
                    "neither."
                ) from None
            raise ConfigError(
                f"{name}: {item!r} has bits set beyond its mask; write the network as "
                f"{meant} (or the single address without a mask)."
            ) from None
        widest = WIDEST_TRUSTED_PREFIX[network.version]
        if network.prefixlen < widest:
            raise ConfigError(
                f"{name}: {item!r} is too wide to trust (at most /{widest} for "
                f"IPv{network.version}); list the library's or office's own addresses."
            )
        found.append(network)
    return tuple(found)


def networks(name):
    return parse_networks(text(name), name)


DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# Host names that reach only this machine, as ALLOWED_HOSTS and a URL's hostname write them.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def local_rehearsal(debug, allowed_hosts):
    """LOCAL_REHEARSAL: the production settings (DEBUG=0) over plain HTTP on this
    machine's loopback only, to rehearse a deployment. Refused with DEBUG=1 (the flag
    would mean nothing) and unless every ALLOWED_HOSTS entry and BASE_URL's host are
    loopback names, so it can never be switched on for a public site by mistake."""
    if not flag("LOCAL_REHEARSAL"):
        return False
    if debug:
        raise ConfigError(
            "LOCAL_REHEARSAL=1 rehearses the production settings and needs DEBUG=0; "
            "remove it when DEBUG=1."
        )
    public = [host for host in allowed_hosts if host.lower() not in LOOPBACK_HOSTS]
    if public:
        raise ConfigError(
            f"LOCAL_REHEARSAL=1 serves plain HTTP on the loopback only, but ALLOWED_HOSTS "
            f"names {public[0]!r}; list only 127.0.0.1, localhost or [::1]."
        )
    base_url = text("BASE_URL", DEFAULT_BASE_URL)
    try:
        host = urlsplit(base_url).hostname
    except ValueError:
        host = None
    if host not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"LOCAL_REHEARSAL=1 serves plain HTTP on the loopback only, but BASE_URL "
            f"{base_url!r} is not a loopback address; use http://127.0.0.1:PORT."
        )
    return True

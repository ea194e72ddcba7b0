"""The benchmark (`make bench`): generate (or reuse) the synthetic national databases, serve
each with gunicorn on loopback (DEBUG=0) and measure, side by side at every scale:

1. the directory page (HTML) for a mix of searches — p50/p95 per kind, then requests/s for
   the whole mix under concurrency;
2. the JSON list and the clustered GeoJSON (county, national and street viewports) — p50/p95,
   bytes and gzip bytes, features;
3. routing decisions for 10,000 random points, in process — p50/p95;
4. referral submissions (valid POSTs with CSRF) — sustained requests/s, p95, and a check that
   every accepted one was stored exactly once;
5. baselines: a plain Wagtail page rendered uncached (asked for with a session cookie, as
   an editor would, so the page cache does not answer; with this site's remembered
   routing, and on a second server with stock Wagtail routing, REMEMBER_PAGE_ROUTES=0),
   the raw SQL of the main directory query (→ ratios), and the page cache (cached support
   point, organisation, home pages).

The targets are for PostgreSQL. The embedded SQLite default is measured too, on a copy of
the 10,000-point database (bench/sqlite.py), in its own column after the PostgreSQL ones;
PostgreSQL-only measurements (raw SQL, EXPLAIN) show "–" there.

Also: transfer size of the directory page (HTML, CSS, JS, gzip) and EXPLAIN (ANALYZE) of
the main directory query. Output: a Markdown table on stdout and in bench/results/, and a
JSON file next to it.

    .venv/bin/python bench/run.py                       # 10,000 and 100,000 points
    .venv/bin/python bench/run.py --points 10000 --quick
    .venv/bin/python bench/run.py --points 100000 --no-sqlite
    .venv/bin/python bench/run.py --points 1000000 --no-sqlite   # the stress run

Load comes from `wrk` (Debian package wrk) when it is installed, else from a Python client
(threads, one connection each).
"""

import argparse
import concurrent.futures
import contextlib
import gzip
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
# Seconds for one latency measurement (a kind of request) and for its warm-up, however
# few requests that leaves: PostgreSQL answers every kind well within it; SQLite's text
# search takes seconds a request, and `make bench` must stay under 15 minutes.
BUDGET = 10

from bench import generate  # noqa: E402
from bench import sqlite as sqlite_copy  # noqa: E402

# What a resident types, from a typical word to the most common one ("digital" and
# "mobil" are in nearly every support point's text), as people write it.
DIRECTORY_MIX = {
    "no filters": [""],
    "text, typical word": ["q=swish", "q=videosamtal", "q=skolplattformar"],
    "text, most common word": ["q=digital", "q=mobil"],
    "text, two words": ["q=bankid+bibliotek", "q=swish+kaffe"],
    "text, everyday words": [
        "q=v%C3%A5rdcentral",
        "q=mobilt+bank-id",
        "q=e-post",
        "q=teckenspr%C3%A5k",
    ],
    "text, misspelt": ["q=bankd", "q=swisch", "q=videosamtl"],
    "text, phrase": ["q=hj%C3%A4lp+med+mobilen", "q=jag+vill+l%C3%A4ra+mig+swish"],
    "text, partial match": ["q=bankid+zebrafink", "q=swish+kaffe+zebrafink"],
    "filters": [
        "municipality=0180&language=ar",
        "topic=bankid&accessibility=hearing_loop",
        "mode=home_visit&drop_in=on",
        "language=so&free=on",
    ],
    "open now": ["open_now=on", "open_now=on&topic=swish-och-bank"],
    "near a point": ["lat=59.3326&lon=18.0649", "lat=57.7826&lon=14.1618", "lat=65.58&lon=22.15"],
    "combined": [
        "q=bankid&lat=59.3326&lon=18.0649&language=ar",
        "q=mobil&municipality=1480&open_now=on",
        "q=swish&lat=57.7826&lon=14.1618&accessibility=step_free_entrance&drop_in=on",
        "q=mobil&lat=55.605&lon=13.0038",
    ],
}
# The same directory in a right-to-left locale whose texts fall back to Swedish.
OTHER_LOCALE = "ar"
OTHER_LOCALE_KINDS = ("no filters", "text, typical word", "filters", "combined")
OTHER_LOCALE_MIX = {kind: DIRECTORY_MIX[kind] for kind in OTHER_LOCALE_KINDS}
# The main directory query: text, a filter and nearest first.
MAIN_QUERY = "q=swish&lat=59.3326&lon=18.0649&language=ar"
# What the suggestions are asked for while a person types.
SUGGESTIONS = ["ba", "ban", "bankid", "vård", "bibl", "swi", "arab", "jön", "stockh", "tecken"]
LIST_MIX = {
    "JSON list, filters": ["topic=bankid&language=ar", "municipality=0180"],
    "JSON list, near + text": ["q=swish&lat=59.3326&lon=18.0649", "lat=57.7826&lon=14.1618"],
    "JSON list, most common word": ["q=mobil"],
}
GEOJSON_MIX = {
    "GeoJSON national (zoom 5)": ["bbox=10.9,55.0,24.2,69.1&zoom=5"],
    "GeoJSON county (zoom 8)": [
        "bbox=13.0,56.9,15.8,58.3&zoom=8",
        "bbox=17.2,58.8,19.2,60.0&zoom=8",
    ],
    "GeoJSON street (zoom 16)": [
        "bbox=18.055,59.328,18.075,59.337&zoom=16",
        "bbox=14.150,57.778,14.172,57.787&zoom=16",
    ],
    "GeoJSON county + filter": ["bbox=13.0,56.9,15.8,58.3&zoom=9&topic=bankid&q=swish"],
}


# --- HTTP ------------------------------------------------------------------------------


class Client:
    """One keep-alive connection that reconnects when the server closes it."""

    def __init__(self, port):
        self.port, self.conn, self.cookies = port, None, {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";")[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, data, dict(response.getheaders())
        raise RuntimeError("unreachable")


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def within(count, budget=None):
    """range(count), cut short once `budget` seconds have passed (after at least one round):
    a slow backend (SQLite's text search takes seconds) gets fewer samples, not hours."""
    started = time.perf_counter()
    for number in range(count):
        if number and budget is not None and time.perf_counter() - started >= budget:
            return
        yield number


def timed_requests(port, paths, count, budget=None, headers=None):
    """Sequential GETs (one connection) → (latencies in ms, statuses, bodies of the last)."""
    client, latencies, statuses, sizes = Client(port), [], [], []
    for number in within(count, budget):
        path = paths[number % len(paths)]
        started = time.perf_counter()
        status, body, _headers = client.request("GET", path, headers=headers)
        latencies.append((time.perf_counter() - started) * 1000)
        statuses.append(status)
        sizes.append((len(body), len(gzip.compress(body, 6)), body))
    return latencies, statuses, sizes


def load(port, paths, seconds, connections, headers=None):
    """Requests/s and latency percentiles for GETs of `paths` under load."""
    if shutil.which("wrk"):
        result = _wrk(port, paths, seconds, connections, headers or {})
        settle(port)
        return result
    return _python_load(port, paths, seconds, connections, headers)


WRK_SCRIPT = """
local paths = {%s}
local headers = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], headers)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _wrk(port, paths, seconds, connections, headers):
    script = WRK_SCRIPT % (
        ", ".join(json.dumps(p) for p in paths),
        ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            # A long timeout: a slow answer is latency, not an error followed by a new request.
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "60s",
         "-s", handle.name, f"http://{HOST}:{port}/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(handle.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    requests, errors, duration_us, p50, p95, p99 = line.split()[1:]
    result = {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50_ms": float(p50) / 1000,
        "p95_ms": float(p95) / 1000,
        "p99_ms": float(p99) / 1000,
        "errors": int(errors),
        "requests": int(requests),
        "seconds": seconds,
        "client": "wrk",
    }
    if not result["requests"]:  # wrk's percentiles of no requests are zeros
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            del result[key]
    return result


def _python_load(port, paths, seconds, connections, headers=None):
    deadline = time.perf_counter() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def worker(offset):
        client, mine, number = Client(port), [], offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            path = paths[number % len(paths)]
            status, _body, _headers = client.request("GET", path, headers=headers)
            mine.append((time.perf_counter() - started) * 1000)
            number += 1
            if status >= 400:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        list(pool.map(worker, range(connections)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "errors": errors[0],
        "requests": len(latencies),
        "seconds": seconds,
        "client": "python",
    }


# --- The server --------------------------------------------------------------------------

# port → the gunicorn master's pid, for settle().
SERVERS = {}


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # A load generator posts valid forms at full speed: no minimum fill time.
        "REFERRAL_MIN_FILL_SECONDS": "0",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "locmem://"),
        # As in production: a referral's emails are queued for the task worker (not run
        # here), not sent inside the request.
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        # One address (the load generator) sends everything: lift the per-address limits.
        "RATE_LIMITS": ",".join(
            f"{scope}=1000000/60"
            for scope in ("referral-form", "report-form", "directory-api", "route-api")
        ),
        "PYTHONPATH": str(ROOT),
    }


@contextlib.contextmanager
def gunicorn(database_url, workers, **settings):
    """A gunicorn on loopback for `database_url`; `settings`: more environment."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", str(workers),
         "--bind", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env={**server_env(database_url), **settings}, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(300):
            with contextlib.suppress(OSError, http.client.HTTPException):
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        SERVERS[port] = process.pid
        yield port
    finally:
        SERVERS.pop(port, None)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def settle(port, quiet=0.5, limit=120):
    """Wait until the server's workers stop using CPU. wrk leaves its last requests
    unanswered when time is up; a slow backend would go on answering them during the
    next measurement."""
    pid, last = SERVERS.get(port), None
    deadline = time.perf_counter() + limit
    while pid and time.perf_counter() < deadline:
        now = _worker_cpu(pid)
        if now == last:
            return
        last = now
        time.sleep(quiet)


def _worker_cpu(pid):
    """The CPU clock ticks used so far by the gunicorn master's workers (Linux /proc)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    ticks = 0
    for child in children:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return children, ticks


# --- Measurements ------------------------------------------------------------------------


def latency_rows(
    port, mix, count, prefix="/hitta-hjalp/?", workers=4, budget=BUDGET, headers=None
):
    """p50/p95 per kind of `mix`: `count` sequential requests, or as many as fit in
    `budget` seconds."""
    rows = {}
    for kind, queries in mix.items():
        paths = [prefix + q for q in queries]
        # Warm up every worker (each has its own connection and, with the default
        # per-process cache, its own cache); cold answers are measured in process.
        timed_requests(port, paths, len(paths) * workers * 2, budget, headers)
        latencies, statuses, sizes = timed_requests(port, paths, count, budget, headers)
        bad = [s for s in statuses if s != 200]
        rows[kind] = {
            "p50_ms": percentile(latencies, 0.5),
            "p95_ms": percentile(latencies, 0.95),
            "max_ms": max(latencies),
            "n": len(latencies),
            "wanted": count,
            "errors": len(bad),
            "bytes": max(size for size, _gz, _body in sizes),
            "gzip_bytes": max(gz for _size, gz, _body in sizes),
        }
        body = sizes[-1][2]
        if body[:1] == b"{":
            data = json.loads(body)
            if "features" in data:
                rows[kind]["features"] = max(
                    len(json.loads(b[2])["features"]) for b in sizes if b[2][:1] == b"{"
                )
    return rows


def fetch(database_url, sql, params=()):
    """Rows of `sql` (%s placeholders) on a postgres:// or sqlite:/// database, read directly
    rather than through the server being measured."""
    if database_url.startswith("sqlite:"):
        path = sqlite_copy.path_of(database_url)
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(sql, params).fetchall()


def referral_load(port, seconds, connections, database_url):
    """Sustained valid submissions; then check every accepted one is stored once."""
    ((before, last_id),) = fetch(
        database_url, "SELECT count(*), coalesce(max(id), 0) FROM networks_referral"
    )
    # The Swedish entries: the ones the form offers (their translations are rows too).
    swedish = "locale_id = (SELECT id FROM wagtailcore_locale WHERE language_code = 'sv')"
    ((language,),) = fetch(
        database_url, f"SELECT id FROM directory_language WHERE code='sv' AND {swedish}"
    )
    codes = [code for (code,) in fetch(database_url, "SELECT code FROM geography_municipality")]
    ((topic,),) = fetch(
        database_url, f"SELECT id FROM directory_helptopic WHERE {swedish} LIMIT 1"
    )
    deadline = time.perf_counter() + seconds
    latencies, accepted, failures, lock = [], [], [], threading.Lock()

    def worker(number):
        rng = random.Random(f"{number}-{time.time_ns()}")  # new tokens every run
        client = Client(port)
        status, body, _ = client.request("GET", "/be-om-hjalp/")
        html = body.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        started_value = re.search(r'name="started" value="([^"]+)"', html).group(1)
        mine, ok, bad = [], [], []
        while time.perf_counter() < deadline:
            token = f"{rng.getrandbits(128):032x}"
            fields = {
                "csrfmiddlewaretoken": csrf, "started": started_value,
                "submission_token": token, "for_whom": "me", "topics": str(topic),
                "language": str(language), "contact_method": "phone", "name": "Bench",
                "phone": "070-123 45 67", "municipality": rng.choice(codes),
                "consent": "on", "action": "send", "message": "Hjälp med BankID.",
            }  # fmt: skip
            body = "&".join(f"{k}={_quote(v)}" for k, v in fields.items())
            t0 = time.perf_counter()
            status, _body, headers = client.request(
                "POST", "/be-om-hjalp/", body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )  # fmt: skip
            mine.append((time.perf_counter() - t0) * 1000)
            (ok if status == 302 and "kvitto=" in headers.get("Location", "") else bad).append(
                (token, status)
            )
        with lock:
            latencies.extend(mine)
            accepted.extend(ok)
            failures.extend(bad)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        list(pool.map(worker, range(connections)))
    elapsed = time.perf_counter() - started
    # A double submission (same token again) must not create a second referral.
    if accepted:
        client = Client(port)
        client.request("GET", "/be-om-hjalp/")
    ((after,),) = fetch(database_url, "SELECT count(*) FROM networks_referral")
    # Ids only grow: the accepted tokens can only be among the rows after `last_id`.
    new_tokens = fetch(
        database_url, "SELECT submission_token FROM networks_referral WHERE id > %s", (last_id,)
    )
    stored = len({token for token, _status in accepted} & {token for (token,) in new_tokens})
    return {
        "rps": len(accepted) / elapsed,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "accepted": len(accepted),
        "rejected": len(failures),
        "rejected_statuses": sorted({s for _t, s in failures}),
        "stored": stored,
        "new_rows": after - before,
        "lost": len(accepted) - stored,
        "duplicates": (after - before) - stored,
    }


def _quote(value):
    from urllib.parse import quote_plus

    return quote_plus(value)


def transfer_size(port):
    """The directory page's HTML (gzip as a compressing proxy would send it), its CSS and
    JS as whitenoise serves them (gzip), and any third-party render-blocking resource."""
    client = Client(port)
    _status, html, _headers = client.request("GET", "/hitta-hjalp/")
    text = html.decode()
    css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    js = re.findall(r'<script[^>]+src="([^"]+)"', text)
    sizes = {"html": len(gzip.compress(html, 6)), "css": 0, "js": 0}
    third_party = [url for url in css + js if url.startswith(("http:", "https:", "//"))]
    for kind, urls in (("css", css), ("js", js)):
        for url in urls:
            if url in third_party:
                continue
            status, body, headers = client.request("GET", url, headers={"Accept-Encoding": "gzip"})
            sizes[kind] += len(body) if status == 200 else 0
    sizes["total"] = sizes["html"] + sizes["css"] + sizes["js"]
    sizes["third_party"] = third_party
    sizes["files"] = css + js
    return sizes


# --- In process: routing, raw SQL, EXPLAIN ----------------------------------------------


def in_process(database_url, quick):
    """Runs in a child process with Django set up on `database_url`."""
    import django

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.search import DirectorySearch
    from networks.routing import RoutingError, get_index, route

    out = {}
    # Routing: 10,000 random points in Sweden's box (some fall in the sea: nearest rule).
    rng = random.Random(3)
    started = time.perf_counter()
    index = get_index()
    out["routing_index_build_ms"] = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(10_000):
        lat, lon = rng.uniform(55.3, 69.0), rng.uniform(11.2, 24.0)
        t0 = time.perf_counter()
        with contextlib.suppress(RoutingError):
            route(lat=lat, lon=lon, index=index)
        times.append((time.perf_counter() - t0) * 1000)
    out["routing"] = {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
                      "max_ms": max(times), "n": len(times)}  # fmt: skip

    # The main directory query: text + filter + distance, Django vs the raw SQL it needs.
    params = dict(urllib.parse.parse_qsl(MAIN_QUERY))
    rounds = 10 if quick else 30

    def django_search():
        search = DirectorySearch(params)
        return [pk for pk, _d in search.ordered[:20]], search.count

    django_search()
    with CaptureQueriesContext(connection) as captured:
        django_ids, _count = django_search()
    django_times = []
    for _ in within(rounds, BUDGET):
        t0 = time.perf_counter()
        django_search()
        django_times.append((time.perf_counter() - t0) * 1000)
    out["main_query"] = {
        "params": params,
        "django_p50_ms": percentile(django_times, 0.5),
        "django_p95_ms": percentile(django_times, 0.95),
        "n": len(django_times),
        "wanted": rounds,
        "queries": len(captured.captured_queries),
    }
    if connection.vendor == "postgresql":  # the raw SQL and EXPLAIN are PostgreSQL's
        out["main_query"].update(_raw_baseline(connection, params, rounds, captured, django_ids))
    from django.test import Client as DjangoClient
    from django.test import RequestFactory

    client = DjangoClient(SERVER_NAME="127.0.0.1")
    counts = {}
    for label, path in (
        ("directory, combined search", "/hitta-hjalp/?" + MAIN_QUERY),
        ("directory, no filters", "/hitta-hjalp/"),
        ("plain page (uncached)", "/om-tjansten/"),
        ("JSON list", "/api/v1/support-points/?q=swish&lat=59.3326&lon=18.0649"),
        ("GeoJSON county", "/api/v1/support-points.geojson?bbox=13.0,56.9,15.8,58.3&zoom=8"),
    ):  # fmt: skip
        # The plain page with a session cookie: rendered, not served from the page cache.
        client.cookies["sessionid"] = "bench" if label.startswith("plain") else ""
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counts[label] = {"queries": len(captured.captured_queries), "status": status}
    out["query_counts"] = counts
    # The clustered map uncached: what the first visitor after a content change waits for.
    from directory import api

    factory = RequestFactory(SERVER_NAME="127.0.0.1")
    out["geojson_cold"] = {}
    for kind, queries in GEOJSON_MIX.items():
        times, wanted = [], len(queries) * (3 if quick else 10)
        for number in within(wanted, BUDGET):
            query = queries[number % len(queries)]
            request = factory.get("/api/v1/support-points.geojson?" + query)
            t0 = time.perf_counter()
            api._geojson(request)
            times.append((time.perf_counter() - t0) * 1000)
        out["geojson_cold"][kind] = {"p50_ms": percentile(times, 0.5),
                                     "p95_ms": percentile(times, 0.95),
                                     "n": len(times), "wanted": wanted}  # fmt: skip
    out["suggestions"] = suggestion_times(rounds)
    out["quality"] = search_quality_figures()
    print("JSON" + json.dumps(out))


def statistics_in_process(database_url, quick):
    """The statistics, in a child process of their own after the server measurements:
    the count rewrites millions of cells, and the database's upkeep after it must not
    slow the other measurements down."""
    import django

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The escalation's emails are kept in memory: this child's output is its JSON.
    os.environ["EMAIL_URL"] = "locmem:"
    django.setup()
    print("JSON" + json.dumps({"statistics": statistics_times(5 if quick else 15),
                               "escalation": escalation_times()}))  # fmt: skip


def escalation_times():
    """escalate_overdue() over every referral, as cron runs it: first with the whole
    backlog of waiting referrals overdue at once (each escalated straight to its step),
    then again (nothing new: what every later run costs). Both in a transaction that is
    rolled back, so the benchmark database stays as generated."""
    from django.core import mail
    from django.db import transaction

    from networks.escalation import escalate_overdue

    out = {}
    with transaction.atomic():
        for label in ("first_run", "next_run"):
            t0 = time.perf_counter()
            moved = escalate_overdue()
            out[label] = {"s": time.perf_counter() - t0, "moved": sum(moved.values())}
        out["emails"] = len(getattr(mail, "outbox", []))
        transaction.set_rollback(True)
    return out


STATISTICS_VIEWS = {
    "statistics: demand": "/admin/statistics/demand/",
    "statistics: demand, one municipality and topic, 24 months": "/admin/statistics/demand/"
    "?start={start}&municipality={municipality}&topic={topic}",
    "statistics: handling": "/admin/statistics/handling/",
    "statistics: supply": "/admin/statistics/supply/",
    "statistics: gaps": "/admin/statistics/gaps/",
    "statistics: demand CSV download": "/admin/statistics/demand/?export=csv&table=age_band",
    "public figures (open data JSON)": "/oppna-data/digital-hjalp-i-siffror.json",
}


def statistics_times(rounds):
    """The daily count over every referral, then each statistics view as an administrator
    sees it (the whole county), read from that count."""
    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient
    from django.utils import timezone

    from directory.models import HelpTopic
    from figures import rollup
    from geography.models import Municipality
    from networks.models import Referral

    t0 = time.perf_counter()
    run = rollup.update()
    out = {"rollup_s": time.perf_counter() - t0, "referrals": Referral.objects.count(),
           "support_points": run.support_points, "views": {}}  # fmt: skip
    from figures.models import Cell

    out["cells"] = Cell.objects.count()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-statistics", defaults={"is_superuser": True, "is_staff": True}
    )
    client = DjangoClient(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    start = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 2)
    values = {
        "start": f"{start:%Y-%m}",
        "municipality": Municipality.objects.get(code="0680").pk,
        "topic": HelpTopic.objects.order_by("pk").first().pk,
    }
    for label, path in STATISTICS_VIEWS.items():
        url = path.format(**values)
        status = client.get(url).status_code
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - t0) * 1000)
        out["views"][label] = {"p50_ms": percentile(times, 0.5),
                               "p95_ms": percentile(times, 0.95), "n": len(times),
                               "status": status}  # fmt: skip
    return out


def suggestion_times(rounds):
    """The suggestions' own work for what people type, in process: the vocabularies come
    from the cache as on a server; nothing else is kept."""
    from django.test import RequestFactory

    from directory.search import suggestions

    request = RequestFactory().get("/api/v1/suggestions/")
    for text in SUGGESTIONS:
        suggestions.suggestions(text, request)
    times = []
    for _ in range(rounds):
        for text in SUGGESTIONS:
            t0 = time.perf_counter()
            suggestions.suggestions(text, request)
            times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95), "n": len(times)}


def search_quality_figures():
    """The quality set's figures on this database (places' names are generated here, so
    only the queries for topics, languages, features and target groups count)."""
    from bench import search_quality

    figures = search_quality.evaluate(kinds={"topic", "language", "feature", "group"})
    return {key: figures[key] for key in ("queries", "zero_results", "first_five_right")}


def raw_main_query(search_module, params):
    """The benchmark's baseline: one hand-written SQL statement giving the first page of a
    text + language + nearest-first search (PostgreSQL), for comparing with the queries
    DirectorySearch makes. → (sql, params)."""
    pg = search_module.postgresql
    text = search_module.words.parse(search_module.clean_query(params["q"]))
    lat, lon = float(params["lat"]), float(params["lon"])
    sql = f"""
        SELECT p.page_ptr_id FROM {pg.TABLE} p
        JOIN wagtailcore_page w ON w.id = p.page_ptr_id AND w.live
        JOIN directory_supportpointpage_languages l ON l.supportpointpage_id = p.page_ptr_id
        JOIN directory_language lang ON lang.id = l.language_id AND lang.code = %s
        JOIN directory_searchentry e ON e.page_id = p.page_ptr_id
             AND e.document @@ to_tsquery('simple', %s)
        ORDER BY point(p.longitude * {pg.KNN_LON_SCALE}, p.latitude) <-> point(%s, %s)
        LIMIT 20
    """  # noqa: S608
    return sql, [params["language"], pg.tsquery(text), lon * pg.KNN_LON_SCALE, lat]


def _raw_baseline(connection, params, rounds, captured, django_ids):
    """The hand-written SQL of the main query (timed, and compared with Django's first
    results) and EXPLAIN (ANALYZE) of it and of Django's slowest query (PostgreSQL)."""
    from directory import search as search_module

    raw_sql, raw_params = raw_main_query(search_module, params)
    with connection.cursor() as cursor:
        cursor.execute(raw_sql, raw_params)
        raw_ids = [row[0] for row in cursor.fetchall()]
        raw_times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            cursor.execute(raw_sql, raw_params)
            cursor.fetchall()
            raw_times.append((time.perf_counter() - t0) * 1000)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        explain = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + raw_sql, raw_params)
        explain_raw = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "raw_p50_ms": percentile(raw_times, 0.5),
        "raw_p95_ms": percentile(raw_times, 0.95),
        "same_first_results": django_ids[:20] == raw_ids[:20],
        "explain_slowest_django_query": slowest["sql"] + "\n\n" + explain,
        "explain_raw": explain_raw,
    }


# --- One scale ---------------------------------------------------------------------------


def measure(points, seed, quick, workers):
    """One PostgreSQL scale, on the generated database (reused when up to date)."""
    database = generate.generate(points, seed, generate.default_database(points))
    result = {"points": points, "database": database, "engine": "PostgreSQL"}
    return measure_database(result, generate.database_url(database), quick, workers)


def measure_sqlite(seed, quick, workers):
    """The embedded default on the same data: a SQLite copy of the 10,000-point database."""
    points = 10_000
    database = generate.generate(points, seed, generate.default_database(points))
    path = sqlite_copy.build(database)
    result = {"points": points, "database": str(path.relative_to(ROOT)), "engine": "SQLite"}
    return measure_database(result, sqlite_copy.url(path), quick, workers)


def measure_database(result, database_url, quick, workers):
    """Everything, in process and through gunicorn, on one database; added to `result`."""
    n = 20 if quick else 60
    seconds = 5 if quick else 10
    result.update(_child("--in-process", database_url, quick))
    with gunicorn(database_url, workers) as port:
        result["directory"] = latency_rows(port, DIRECTORY_MIX, n, workers=workers)
        result["directory_other_locale"] = latency_rows(
            port, OTHER_LOCALE_MIX, n, prefix=f"/{OTHER_LOCALE}/hitta-hjalp/?", workers=workers
        )
        all_paths = ["/hitta-hjalp/?" + q for qs in DIRECTORY_MIX.values() for q in qs]
        result["directory_load"] = load(port, all_paths, seconds, 4)
        result["plain_latency"], result["plain_load"] = plain_page(port, n, seconds)
        result["api"] = {}
        for mix, prefix in (
            (LIST_MIX, "/api/v1/support-points/?"),
            (GEOJSON_MIX, "/api/v1/support-points.geojson?"),
        ):
            result["api"].update(latency_rows(port, mix, n, prefix=prefix, workers=workers))
        result["transfer"] = transfer_size(port)
        cached = _cached_paths(port)
        result["cached"] = {}
        for label, paths in cached.items():
            timed_requests(port, paths, 20 * workers)  # fill every worker's cache
            result["cached"][label] = load(port, paths, seconds, 8)
        # Warm up first: every worker builds its routing index on its first referral.
        referral_load(port, 3, 2 * workers, database_url)
        result["referrals"] = referral_load(port, seconds, 8, database_url)
    # The baseline: the same plain page with stock Wagtail routing (a Site query and a walk
    # down the page tree for every request), as a default Wagtail site serves it.
    with gunicorn(database_url, workers, REMEMBER_PAGE_ROUTES="0") as port:
        result["stock_plain_latency"], result["stock_plain_load"] = plain_page(port, n, seconds)
    result.update(_child("--statistics", database_url, quick))
    return result


def _child(option, database_url, quick):
    """What a child process of this script measured on the database (its JSON line)."""
    child = subprocess.run(
        [sys.executable, __file__, option, database_url] + (["--quick"] if quick else []),
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    if child.returncode:
        sys.stderr.write(child.stderr)
        raise SystemExit(f"{option} measurements failed")
    return json.loads(child.stdout.split("JSON", 1)[1])


# The page cache serves nobody with a session cookie (editors): the plain page rendered.
UNCACHED = {"Cookie": "sessionid=bench-not-a-session"}


def plain_page(port, n, seconds):
    """The plain content page, never from the page cache: (latency row, load)."""
    plain = ["/om-tjansten/"]
    rows = latency_rows(port, {"plain page": plain}, n, prefix="", headers=UNCACHED)
    return rows["plain page"], load(port, plain, seconds, 4, UNCACHED)


def _cached_paths(port):
    """A support point, an organisation and the home page (the same for every visitor)."""
    client = Client(port)
    # A filter, not a word: text search takes seconds on SQLite.
    _s, html, _h = client.request("GET", "/hitta-hjalp/?municipality=0180")
    links = re.findall(r'<h3><a href="(/hitta-hjalp/[^"]+/[^"]+/)">', html.decode())
    point = links[0]
    organisation = point.rstrip("/").rsplit("/", 1)[0] + "/"
    return {
        "support point page": [point],
        "organisation page": [organisation],
        "home page": ["/"],
    }


# --- Report ------------------------------------------------------------------------------


def _column(result):
    engine = " (SQLite)" if result.get("engine") == "SQLite" else ""
    return f"{result['points']:,} points{engine}"


def markdown(results, machine):
    head = "| measurement | " + " | ".join(map(_column, results)) + " | target |"
    postgres = [r for r in results if r.get("engine") != "SQLite"]
    sqlite_note = (
        f"; SQLite {machine['sqlite']} (WAL, synchronous=FULL, serialised writes)"
        if len(postgres) < len(results)
        else ""
    )
    lines = [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['postgres']}"
        f"{sqlite_note}, Python {machine['python']}; gunicorn {machine['workers']} sync "
        f"workers on loopback (DEBUG=0); load client: {machine['client']}. "
        "The targets are for PostgreSQL.",
        "",
        head,
        "|" + " --- |" * (len(results) + 2),
    ]

    def row(label, fn, target=""):
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    def few(d):
        """Fewer samples than asked for: the time budget ran out (seconds per request)."""
        return f" (n={d['n']})" if d.get("n", 0) < d.get("wanted", 0) else ""

    def lat(d):
        return f"{d['p50_ms']:.1f} / {d['p95_ms']:.1f}{few(d)}"

    def rate(rps):
        return f"{rps:.0f}" if rps >= 10 else f"{rps:.1f}"

    def load_cell(d):
        if not d["requests"]:
            return f"0 req/s: no request finished in {d['seconds']} s"
        return f"{rate(d['rps'])} req/s, {lat(d)}"

    def ms2(d, a, b):
        return f"{d[a]:.2f} / {d[b]:.2f}{few(d)}"

    def api_cell(d):
        extra = f", {d['features']} features" if "features" in d else ""
        size = f"{d['bytes'] / 1024:.1f} KB ({d['gzip_bytes'] / 1024:.1f} KB gzip)"
        return f"{lat(d)}; {size}{extra}"

    def referral_cell(d):
        text = f"{d['rps']:.0f}/s, {d['p95_ms']:.0f} ms; {d['lost']}, {d['duplicates']}"
        return text + (f" ({d['rejected']} rejected)" if d["rejected"] else "")

    def cached_cell(d):
        return f"{d['rps']:.0f}, {d['rps'] / machine['cores']:.0f}/core; {d['p95_ms']:.1f}"

    def transfer_cell(d):
        parts = [d[k] / 1024 for k in ("html", "css", "js", "total")]
        return "{:.1f} + {:.1f} + {:.1f} = {:.1f}".format(*parts)

    for kind in DIRECTORY_MIX:
        row(f"directory HTML, {kind}: p50 / p95 ms", lambda r, k=kind: lat(r["directory"][k]),
            "p95 ≤ 50")  # fmt: skip
    for kind in OTHER_LOCALE_MIX:
        row(f"directory HTML in /{OTHER_LOCALE}/, {kind}: p50 / p95 ms",
            lambda r, k=kind: lat(r["directory_other_locale"][k]), "p95 ≤ 50")  # fmt: skip
    row("directory HTML, whole mix under load (4 conn): req/s, p50 / p95 ms",
        lambda r: load_cell(r["directory_load"]))  # fmt: skip
    row("plain Wagtail page (routing remembered), uncached: p50 / p95 ms",
        lambda r: lat(r["plain_latency"]))  # fmt: skip
    row("plain Wagtail page (routing remembered) under load: req/s",
        lambda r: rate(r["plain_load"]["rps"]))  # fmt: skip
    row("plain Wagtail page with stock Wagtail routing, uncached: p50 / p95 ms",
        lambda r: lat(r["stock_plain_latency"]))  # fmt: skip
    row("plain Wagtail page with stock Wagtail routing under load: req/s",
        lambda r: rate(r["stock_plain_load"]["rps"]))  # fmt: skip
    row("ratio directory ÷ plain page with stock routing (throughput)",
        lambda r: f"{r['directory_load']['rps'] / r['stock_plain_load']['rps']:.2f}",
        "≥ 0.5")  # fmt: skip
    row("ratio directory ÷ plain page with routing remembered (throughput)",
        lambda r: f"{r['directory_load']['rps'] / r['plain_load']['rps']:.2f}")  # fmt: skip
    row("ratio directory ÷ plain page (p50 latency, whole mix)",
        lambda r: f"{r['directory_load']['p50_ms'] / r['plain_load']['p50_ms']:.1f}")  # fmt: skip
    row("main directory query (Django, all queries) p50 / p95 ms",
        lambda r: ms2(r["main_query"], "django_p50_ms", "django_p95_ms"))  # fmt: skip
    row("main directory query (raw SQL) p50 / p95 ms",
        lambda r: ms2(r["main_query"], "raw_p50_ms", "raw_p95_ms"))  # fmt: skip
    row("ratio Django ÷ raw SQL (p50)",
        lambda r: f"{r['main_query']['django_p50_ms'] / r['main_query']['raw_p50_ms']:.1f}",
        "≤ 3")  # fmt: skip
    for kind in [*LIST_MIX, *GEOJSON_MIX]:
        target = "p95 ≤ 30" + (", ≤ 2,000 features, ≤ 50 KB gzip" if "GeoJSON" in kind else "")
        row(f"{kind}: p50 / p95 ms; size", lambda r, k=kind: api_cell(r["api"][k]), target)
    for kind in GEOJSON_MIX:
        row(f"{kind}, uncached (in process): p50 / p95 ms",
            lambda r, k=kind: lat(r["geojson_cold"][k]), "p95 ≤ 30")  # fmt: skip
    row("suggestions as you type (in process): p50 / p95 ms",
        lambda r: lat(r["suggestions"]), "p95 ≤ 30")  # fmt: skip
    row("search quality set: queries; zero results; first five right",
        lambda r: "{queries}; {zero:.1%}; {right:.1%}".format(
            queries=r["quality"]["queries"], zero=r["quality"]["zero_results"],
            right=r["quality"]["first_five_right"]),
        "≤ 2 %; ≥ 90 %")  # fmt: skip
    row("statistics roll-up over every referral (update_figures): s; referrals; cells",
        lambda r: "{:.0f} s; {:,}; {:,}".format(r["statistics"]["rollup_s"],
                                              r["statistics"]["referrals"],
                                              r["statistics"]["cells"]))  # fmt: skip
    # The synthetic data's three years of never-contacted referrals, all escalated in one
    # run: a first run on a neglected database, not what a scheduled run meets.
    row("escalation over every referral (escalate_overdue), the whole backlog at once: "
        "s; referrals escalated",
        lambda r: "{s:.1f} s; {moved:,}".format(**r["escalation"]["first_run"]))  # fmt: skip
    row("escalation, a run with nothing new (every later run): s",
        lambda r: "{s:.2f} s".format(**r["escalation"]["next_run"]), "≤ 10 s")  # fmt: skip
    for label in STATISTICS_VIEWS:
        row(f"{label} (in process): p50 / p95 ms",
            lambda r, k=label: lat(r["statistics"]["views"][k]), "p95 ≤ 1,000")  # fmt: skip
    row("routing, 10,000 random points in process: p50 / p95 ms",
        lambda r: ms2(r["routing"], "p50_ms", "p95_ms"), "p95 ≤ 1")  # fmt: skip
    row("referral POST (8 conn): accepted/s, p95 ms; lost, duplicates",
        lambda r: referral_cell(r["referrals"]), "≥ 100/s, p95 ≤ 200, 0, 0")  # fmt: skip
    for label in ("support point page", "organisation page", "home page"):
        row(f"cached {label} (8 conn): req/s, per core; p95 ms",
            lambda r, k=label: cached_cell(r["cached"][k]), "≥ 1,000/core")  # fmt: skip
    row("directory page transfer (gzip): HTML + CSS + JS = total KB",
        lambda r: transfer_cell(r["transfer"]), "≤ 150, JS ≤ 100")  # fmt: skip
    row("third-party render-blocking resources",
        lambda r: ", ".join(r["transfer"]["third_party"]) or "none", "none")  # fmt: skip
    for label in ("directory, combined search", "directory, no filters", "plain page (uncached)",
                  "JSON list", "GeoJSON county"):  # fmt: skip
        row(
            f"queries per request: {label}",
            lambda r, k=label: str(r["query_counts"][k]["queries"]),
        )
    if len(postgres) > 1:  # growth with the data, on PostgreSQL
        first, last = postgres[0], postgres[-1]
        worst = [max(r["directory"][k]["p95_ms"] for k in DIRECTORY_MIX) for r in (first, last)]
        lines.append("")
        lines.append(
            f"Directory worst-kind p95: {worst[0]:.1f} ms at {first['points']:,} → "
            f"{worst[1]:.1f} ms at {last['points']:,} points "
            f"(× {worst[1] / worst[0]:.2f}; target < 2)."
        )
    for r in postgres:
        lines += ["", f"EXPLAIN (ANALYZE) of the main directory query at {r['points']:,} points "
                  f"({r['main_query']['params']}, {r['main_query']['queries']} queries):", "",
                  "```", r["main_query"]["explain_slowest_django_query"], "```"]  # fmt: skip
    return "\n".join(lines)


def machine_info(workers):
    import psycopg

    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with psycopg.connect(generate.database_url("postgres")) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "postgres": f"PostgreSQL {version}",
        "sqlite": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "workers": workers,
        "client": "wrk (throughput) + Python http.client (latency)"
        if shutil.which("wrk")
        else "Python http.client threads",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="fewer requests, shorter loads")
    parser.add_argument(
        "--sqlite", action=argparse.BooleanOptionalAction,
        help="also measure a SQLite copy of the 10,000-point database (default: when 10000 "
        "is among --points)",
    )  # fmt: skip
    parser.add_argument("--in-process", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--statistics", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_process:
        in_process(args.in_process, args.quick)
        return
    if args.statistics:
        statistics_in_process(args.statistics, args.quick)
        return
    # DEBUG=0 needs DATABASE_URL named; these two steps open no database.
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "k" * 50,
           "DATABASE_URL": generate.database_url("postgres")}  # fmt: skip
    for command in (["compile_translations"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    started = time.perf_counter()
    results = [measure(points, args.seed, args.quick, args.workers) for points in args.points]
    if args.sqlite or (args.sqlite is None and 10_000 in args.points):
        results.append(measure_sqlite(args.seed, args.quick, args.workers))
    machine = machine_info(args.workers)
    report = markdown(results, machine)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.md").write_text(report + "\n")
    (RESULTS / f"bench-{stamp}.json").write_text(
        json.dumps({"machine": machine, "results": results}, indent=2, default=str)
    )
    print(f"\nWritten bench/results/bench-{stamp}.md and .json "
          f"({time.perf_counter() - started:.0f} s).")  # fmt: skip


if __name__ == "__main__":
    main()

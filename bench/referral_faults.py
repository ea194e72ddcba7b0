"""Referral submissions under load and faults, against a real gunicorn + PostgreSQL.

    .venv/bin/python bench/referral_faults.py                 # both scenarios
    .venv/bin/python bench/referral_faults.py --no-restart    # only the concurrency one

1. Concurrency: N people (default 200) fetch the form, then all send it at the same moment;
   one in ten double-clicks (the same form sent twice at once). Every person must be stored
   exactly once, with a unique reference, and nobody may get a 5xx.
2. Database restart: people keep sending, and others keep loading public pages (the home
   page, /hitta-hjalp/ and the form, past the page cache), while PostgreSQL is restarted
   (`pg_ctlcluster --skip-systemctl-redirect VERSION main restart`). Every confirmation must
   match a stored referral; failures must be 503 "please try again"; the service must
   recover by itself.

Any other 5xx, on a page load (the form page too) as on a send, is a broken promise; the
counts are printed per kind.

It creates a fresh database (default dh_referral_faults), migrates it, loads the demo page
tree, collects static files, starts gunicorn on 127.0.0.1 with DEBUG=0, prints the counts
and exits non-zero when a promise is broken. Restarting PostgreSQL interrupts everyone
using that server (other test runs too): run the second scenario only when that is fine.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
FORM_PATH = "/be-om-hjalp/"
# Public pages loaded during the restart. A campaign tag, as on a link from a newsletter,
# makes each load a new address, so the page cache cannot answer it without the database.
PAGE_PATHS = ("/", "/hitta-hjalp/", FORM_PATH)
REFERENCE_RE = re.compile(r"DH-[0-9A-Z]{4}-[0-9A-Z]{3}")


# --- Set-up ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "s" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        TASKS_BACKEND="immediate",
        EMAIL_URL="dummy:",
        LOG_LEVEL="WARNING",
        REFERRAL_MIN_FILL_SECONDS="0",
        RATE_LIMITS="referral-form=1000000/60",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "compile_translations")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage({**env, "DEBUG": "1"}, "seed_demo", "--no-users")


def start_gunicorn(env, port, workers, threads, log):
    process = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if healthy(base):
            return process, base
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not become healthy within 60 seconds")


def healthy(base, path="/healthz"):
    """200 from /healthz: the server answers; from /readyz: it can serve (the database
    answers, migrations are applied)."""
    try:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# --- One person sending the form ---------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


@dataclass
class Answer:
    status: int | None  # None: no HTTP answer at all (connection refused or reset)
    body: str = ""
    location: str = ""
    cookies: dict = field(default_factory=dict)


def request(url, data=None, cookies=None):
    headers = {"Accept-Language": "sv"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        response = OPENER.open(req, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, OSError):
        return Answer(None)
    with response:
        try:
            text = response.read().decode("utf-8", "replace")
        except OSError:
            return Answer(None)
        jar = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";")[0]
        return Answer(response.status, text, response.headers.get("Location", ""), jar)


def is_try_again(answer):
    """The 503 "please try again, nothing was saved" page."""
    return answer.status == 503 and "Försök igen" in answer.body and "inte" in answer.body


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


@dataclass
class Person:
    number: int
    run: str
    form: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)
    form_answer: Answer | None = None  # the page load of the form
    answers: list = field(default_factory=list)  # one per click

    @property
    def name(self):
        return f"Bench {self.run} {self.number}"

    @property
    def form_status(self):
        return self.form_answer.status if self.form_answer else None

    def fetch_form(self, base):
        answer = request(base + FORM_PATH)
        self.form_answer = answer
        if answer.status != 200:
            return False
        html = answer.body
        topic = re.search(r'name="topics" value="(\d+)"', html)
        language = re.search(r'<option value="(\d+)" selected>', html)
        self.cookies = answer.cookies
        self.form = {
            "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
            "submission_token": hidden(html, "submission_token"),
            "started": hidden(html, "started"),
            "website": "",
            "for_whom": "me",
            "topics": topic.group(1) if topic else "",
            "message": "Hjälp med BankID (belastningstest).",
            "language": language.group(1) if language else "",
            "contact_method": "phone",
            "name": self.name,
            "phone": "070-123 45 67",
            "municipality": "0680",
            "consent": "on",
            "action": "send",
        }
        return True

    def send(self, base):
        answer = request(base + FORM_PATH, self.form, self.cookies)
        self.answers.append(answer)
        return answer

    @property
    def confirmed(self):
        return any(a.status == 302 and "kvitto=" in a.location for a in self.answers)


# --- Counting ----------------------------------------------------------------------------


def stored_rows(database_url, run):
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT name, reference, submission_token FROM networks_referral WHERE name LIKE %s",
            (f"Bench {run} %",),
        ).fetchall()


def kind_counts(kind, answers):
    """Answers of one kind (page loads or sends): 503 "please try again", any other 5xx
    (a broken promise), and none at all."""
    server_errors = sum(1 for a in answers if a.status and a.status >= 500)
    try_again = sum(1 for a in answers if is_try_again(a))
    return {
        f"{kind}": len(answers),
        f"{kind}: 503 please try again": try_again,
        f"{kind}: 5xx other than that": server_errors - try_again,
        f"{kind}: no HTTP answer": sum(1 for a in answers if a.status is None),
        f"{kind}: statuses": dict(sorted(Counter(str(a.status) for a in answers).items())),
    }


def tally(people, rows, base, check_receipts=True, page_loads=()):
    names = Counter(name for name, _ref, _token in rows)
    answers = [a for p in people for a in p.answers]
    loads = [p.form_answer for p in people if p.form_answer] + list(page_loads)
    confirmed = [p for p in people if p.confirmed]
    receipts_ok = 0
    if check_receipts:
        for person in confirmed:
            location = next(a.location for a in person.answers if "kvitto=" in a.location)
            receipt = request(base + location if location.startswith("/") else location)
            loads.append(receipt)
            found = REFERENCE_RE.search(receipt.body or "")
            stored = {ref for name, ref, _t in rows if name == person.name}
            receipts_ok += bool(found and found.group(0) in stored)
    return {
        "people": len(people),
        "forms fetched": sum(p.form_status == 200 for p in people),
        "form page answers": dict(sorted(Counter(str(p.form_status) for p in people).items())),
        "confirmed (302 to receipt)": len(confirmed),
        "receipts showing a stored reference": receipts_ok if check_receipts else "-",
        "stored": len(rows),
        "unique references": len({ref for _n, ref, _t in rows}),
        "duplicates (a person stored twice)": sum(n - 1 for n in names.values() if n > 1),
        "confirmed but not stored": sum(1 for p in confirmed if p.name not in names),
        "stored but not confirmed": sum(1 for p in people if p.name in names and not p.confirmed),
        **kind_counts("page loads (GETs)", loads),
        **kind_counts("sends (POSTs)", answers),
    }


def other_5xx(numbers):
    """Every 5xx other than 503 "please try again", page loads and sends together."""
    return (
        numbers["page loads (GETs): 5xx other than that"]
        + numbers["sends (POSTs): 5xx other than that"]
    )


def show(title, numbers):
    print(f"\n{title}")
    for key, value in numbers.items():
        print(f"  {key:<40} {value}")


# --- Scenarios ---------------------------------------------------------------------------


def concurrency(base, database_url, count, double_click_every=10):
    run = f"c{int(time.time())}"
    people = [Person(i, run) for i in range(count)]
    fetchers = [threading.Thread(target=p.fetch_form, args=(base,)) for p in people]
    for thread in fetchers:
        thread.start()
    for thread in fetchers:
        thread.join()
    clicks = [p for p in people if p.form] + [
        p for p in people[::double_click_every] if p.form
    ]  # some people click twice
    barrier = threading.Barrier(len(clicks))

    def click(person):
        barrier.wait()
        person.send(base)

    threads = [threading.Thread(target=click, args=(p,)) for p in clicks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    numbers = tally(people, stored_rows(database_url, run), base)
    numbers["seconds for the burst"] = round(elapsed, 2)
    ok = (
        numbers["stored"] == numbers["confirmed (302 to receipt)"] == count
        and numbers["duplicates (a person stored twice)"] == 0
        and numbers["unique references"] == count
        and other_5xx(numbers) == 0
        and numbers["page loads (GETs): 503 please try again"] == 0
        and numbers["sends (POSTs): 503 please try again"] == 0
        and numbers["receipts showing a stored reference"] == count
    )
    return numbers, ok


def restart_cluster(version):
    """A restart function for database_restart: the machine's own cluster, Debian's way."""

    def restart():
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - started

    return restart


def database_restart(base, database_url, senders, loaders, before, after, restart, limit):
    """People send the form and load pages while restart() restarts PostgreSQL (it
    returns the seconds that took); (the counts, whether every promise was kept)."""
    run = f"r{int(time.time())}"
    people, lock, stop = [], threading.Lock(), threading.Event()
    page_loads = []

    def sender(offset):
        number = offset
        while not stop.is_set() and number < limit:
            person = Person(number, run)
            with lock:
                people.append(person)
            if person.fetch_form(base):
                person.send(base)
            number += senders

    def loader(offset):
        number = offset
        while not stop.is_set():
            path = PAGE_PATHS[number % len(PAGE_PATHS)]
            answer = request(f"{base}{path}?utm_source=bench-{run}-{number}")
            with lock:
                page_loads.append(answer)
            number += loaders

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(senders)]
    threads += [threading.Thread(target=loader, args=(i,)) for i in range(loaders)]
    for thread in threads:
        thread.start()
    time.sleep(before)
    restart_seconds = restart()
    time.sleep(after)
    stop.set()
    for thread in threads:
        thread.join()
    recovered_after = None
    started = time.perf_counter()
    for _ in range(60):
        if healthy(base, "/readyz"):
            recovered_after = round(time.perf_counter() - started, 2)
            break
        time.sleep(0.5)
    final = Person(limit + 1, run)
    final_ok = final.fetch_form(base) and final.send(base).status == 302
    people.append(final)
    numbers = tally(people, stored_rows(database_url, run), base, page_loads=page_loads)
    numbers["restart took (s)"] = round(restart_seconds, 2)
    numbers["healthy again after the burst (s)"] = recovered_after
    numbers["a new submission works afterwards"] = final_ok
    failed_posts = [
        a for p in people for a in p.answers if not (a.status == 302 and "kvitto=" in a.location)
    ]
    numbers["failed POSTs answered 503 try again"] = (
        f"{numbers['sends (POSTs): 503 please try again']} of {len(failed_posts)}"
    )
    ok = (
        numbers["confirmed but not stored"] == 0
        and numbers["duplicates (a person stored twice)"] == 0
        and other_5xx(numbers) == 0
        and final_ok
    )
    return numbers, ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="dh_referral_faults")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-restart", action="store_true", help="skip the restart scenario")
    parser.add_argument("--pg-version", default="", help="cluster version (default: the only one)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    base_url = args.admin_url.rsplit("/", 1)[0]
    database_url = f"{base_url}/{args.database}"
    env = server_environment(database_url)
    print(f"Preparing {args.database} (migrate, demo pages, static files) …", flush=True)
    recreate_database(args.admin_url, args.database)
    prepare(env)
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"referral_faults_{port}.log"
    log = log_path.open("w")
    process, base = start_gunicorn(env, port, args.workers, args.threads, log)
    print(f"gunicorn pid {process.pid}: {args.workers} workers × {args.threads} threads on {base}")
    print(f"server log: {log_path}")
    results = []
    try:
        numbers, ok = concurrency(base, database_url, args.submissions)
        show(f"1. {args.submissions} people send the form at the same moment", numbers)
        results.append(ok)
        if not args.no_restart:
            version = args.pg_version or sorted(os.listdir("/etc/postgresql"))[-1]
            numbers, ok = database_restart(
                base,
                database_url,
                senders=20,
                loaders=6,
                before=1.5,
                after=3.0,
                restart=restart_cluster(version),
                limit=args.submissions * 10,  # the burst stops by time, not by count
            )
            show("2. PostgreSQL restarts while people send the form and load pages", numbers)
            results.append(ok)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
        if not args.keep:
            drop_database(args.admin_url, args.database)
    print("\nAll promises kept." if all(results) else "\nA PROMISE WAS BROKEN (see above).")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

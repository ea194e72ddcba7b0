"""make prod-check: the production stack, started on this machine and checked end to end.

It starts its own PostgreSQL cluster, Redis, an SMTP server, three gunicorn workers and
the task worker (the commands of deploy/systemd/*.service) and nginx in front (the files
in deploy/nginx/, over plain HTTP on the loopback as LOCAL_REHEARSAL allows), every one on
a free port under one temporary folder. The site is set up by running the README's
Production block literally, with its environment file. Then it checks the promises below,
printing one line each, stops everything it started and exits non-zero if any is broken:

- pages and searches are served through the proxy, public pages from its cache;
- a publish is seen at once through the proxy and by every worker;
- rate limits are shared across the workers;
- a referral's email is sent by the worker, and also when the worker was down a while;
- with Redis unreachable and with Redis stalled nothing answers 500 and readiness says
  "degraded"; when Redis is back the site uses it again without a restart;
- PostgreSQL restarted: "please try again" (503), never another 5xx, and no acknowledged
  referral lost;
- the scheduled jobs, run as cron runs them (deploy/digitalhelp.cron, nothing in the
  environment but the environment file), work on the PostgreSQL data;
- a backup (deploy/backup.sh) restores (deploy/restore.sh) into a fresh database with the
  same referrals and pages.

    .venv/bin/python -m deploy.prod_check [--keep]
"""

import argparse
import contextlib
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

from bench import referral_faults as faults

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEPLOY = ROOT / "deploy"
# What the deployment files call the checkout, and what this check puts in their place.
SERVED_FROM = "/srv/digitalhelp"
ENV_FILE_PATH = "/etc/digitalhelp/env"
MARKER = "<!-- make prod-check runs this block -->"
NETWORK_EMAIL = "natverket@digitalhjalp.example.se"
OPERATOR = ("drift", "prod-check-operator-2026")


def wait_for(condition, seconds, step=0.2):
    """condition()'s first true value within `seconds`, else None."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(step)


# --- HTTP --------------------------------------------------------------------------------


class Answer:
    def __init__(self, status, body="", headers=None):
        self.status, self.body, self.headers = status, body, headers or {}


def get(port, path, headers=None, method="GET", body=None, timeout=30):
    """One request to 127.0.0.1:port; status None when no HTTP answer came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Answer(response.status, text, {k.lower(): v for k, v in response.getheaders()})
    except OSError:
        return Answer(None)
    finally:
        connection.close()


# --- The stack ---------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd's handler: keeps every message it receives."""

    def __init__(self):
        self.messages, self.lock = [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"

    def containing(self, text):
        with self.lock:
            return [m for m in self.messages if text in m[1]]


class Stack:
    def __init__(self, folder):
        self.folder = folder
        names = ("pg", "redis", "web", "proxy", "purge")
        self.ports = {name: faults.free_port() for name in names}
        self.processes = {}
        self.logs = []
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        self.pg_bin = os.environ.get("PG_BINDIR") or newest_postgres()
        self.pg_data = folder / "postgres"
        self.env_file = folder / "env"
        self.media = folder / "media"
        self.mailbox = Mailbox()
        self.smtp = None

    # environment ------------------------------------------------------------------------

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:{self.ports['pg']}/digitalhelp"

    def admin_url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.ports['pg']}/{name}"

    def write_env_file(self):
        proxy = f"http://127.0.0.1:{self.ports['proxy']}"
        self.env_file.write_text(
            "# Written by make prod-check: production settings, rehearsed on the loopback.\n"
            "DEBUG=0\n"
            "LOCAL_REHEARSAL=1\n"
            f"SECRET_KEY=prod-check-{os.urandom(24).hex()}\n"
            "ALLOWED_HOSTS=127.0.0.1,localhost\n"
            f"BASE_URL={proxy}\n"
            f"CSRF_TRUSTED_ORIGINS={proxy}\n"
            f"DATABASE_URL={self.database_url}\n"
            f"CACHE_URL=redis://127.0.0.1:{self.ports['redis']}/0\n"
            "CACHE_RETRY_SECONDS=2\n"
            "TASKS_BACKEND=database\n"
            f"EMAIL_URL=smtp://127.0.0.1:{self.ports['smtp']}\n"
            'DEFAULT_FROM_EMAIL="Digital hjälp nära dig <noreply@digitalhjalp.example.se>"\n'
            "TRUSTED_PROXY_COUNT=1\n"
            f"FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:{self.ports['purge']}\n"
            f"MEDIA_ROOT={self.media}\n"
            "REFERRAL_MIN_FILL_SECONDS=0\n"
            # The API's limit low enough to count past in a few seconds (shared: 30 in
            # all, not 30 per worker); the form's high, as every sender here shares one
            # address and the restart check sends hundreds.
            "RATE_LIMITS=directory-api=30/60,referral-form=100000/600,"
            "referral-form.address=100000/600\n"
            "LOG_LEVEL=WARNING\n"
        )
        self.env_file.chmod(0o600)

    def clean_env(self, **extra):
        """What cron and systemd give a process: a path, a home, the environment file."""
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "DIGITALHELP_ENV_FILE": str(self.env_file),
            **extra,
        }

    def log(self, name):
        handle = (self.folder / f"{name}.log").open("a")
        self.logs.append(handle)
        return handle

    # services ---------------------------------------------------------------------------

    def _pg(self, *args):
        command = [f"{self.pg_bin}/{args[0]}", *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # The server writes to its own log (-l): a pipe here would be held open by it.
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )

    def start_postgres(self):
        self.folder.chmod(0o755)
        self.pg_data.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_data, "postgres", "postgres")
        self._pg(
            "initdb",
            "-D",
            str(self.pg_data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.ports['pg']} -k {self.pg_data} -c listen_addresses=127.0.0.1 "
            "-c fsync=on -c synchronous_commit=on"
        )
        self._pg(
            "pg_ctl",
            "-D",
            str(self.pg_data),
            "-o",
            options,
            "-l",
            str(self.pg_data / "server.log"),
            "-w",
            "start",
        )
        with psycopg.connect(self.admin_url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE digitalhelp")

    def restart_postgres(self):
        started = time.perf_counter()
        self._pg(
            "pg_ctl",
            "-D",
            str(self.pg_data),
            "-l",
            str(self.pg_data / "server.log"),
            "-m",
            "fast",
            "-w",
            "restart",
        )
        return time.perf_counter() - started

    def stop_postgres(self):
        if (self.pg_data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._pg("pg_ctl", "-D", str(self.pg_data), "-m", "fast", "-w", "stop")

    def start_redis(self):
        self.processes["redis"] = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=self.log("redis"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: _answers_ping(self.ports["redis"]), 10)

    def start_smtp(self):
        self.ports["smtp"] = faults.free_port()
        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=self.ports["smtp"])
        self.smtp.start()

    def start_web(self):
        """deploy/systemd/digitalhelp-web.service's ExecStart, on this check's port."""
        self.processes["web"] = subprocess.Popen(
            unit_command("digitalhelp-web.service"),
            cwd=ROOT,
            env=self.clean_env(GUNICORN_BIND=f"127.0.0.1:{self.ports['web']}"),
            stdout=self.log("gunicorn"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(lambda: get(self.ports["web"], "/healthz").status == 200, 60):
            raise SystemExit("gunicorn did not start; see gunicorn.log")

    def start_worker(self):
        self.processes["worker"] = subprocess.Popen(
            unit_command("digitalhelp-worker.service"),
            cwd=ROOT,
            env=self.clean_env(),
            stdout=self.log("worker"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_nginx(self):
        """deploy/nginx/rehearsal.conf and what it includes, with this check's paths and
        ports, inside a top-level nginx.conf like Debian's."""
        conf = self.folder / "nginx"
        conf.mkdir()
        (self.folder / "nginx-cache").mkdir()
        for path in (DEPLOY / "nginx").glob("*.conf"):
            (conf / path.name).write_text(self.rewrite(path.read_text()))
        temp = self.folder / "nginx-temp"
        temp.mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            "include /etc/nginx/modules-enabled/*.conf;\n"
            f"{user}worker_processes 2;\n"
            f"pid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/nginx-error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  default_type application/octet-stream;\n"
            "  sendfile on;\n"
            f"  access_log {self.folder}/nginx-access.log;\n"
            + "".join(
                f"  {kind}_temp_path {temp}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {conf}/rehearsal.conf;\n"
            "}\n"
        )
        config = str(self.folder / "nginx.conf")
        subprocess.run(["nginx", "-t", "-q", "-c", config], check=True, capture_output=True)
        self.processes["nginx"] = subprocess.Popen(
            ["nginx", "-c", config, "-g", "daemon off;"],
            stdout=self.log("nginx"),
            stderr=subprocess.STDOUT,
        )
        if not wait_for(lambda: get(self.ports["proxy"], "/healthz").status == 200, 20):
            raise SystemExit("nginx did not start; see nginx-error.log")

    def rewrite(self, text):
        """A deployment file as it would be on this machine for this check."""
        for before, after in (
            (f"{SERVED_FROM}/deploy/nginx/", f"{self.folder}/nginx/"),
            (f"{SERVED_FROM}/media/", f"{self.media}/"),
            (SERVED_FROM, str(ROOT)),
            ("/var/cache/nginx/digitalhelp", f"{self.folder}/nginx-cache"),
            ("127.0.0.1:8000", f"127.0.0.1:{self.ports['web']}"),
            ("127.0.0.1:8080", f"127.0.0.1:{self.ports['proxy']}"),
            ("127.0.0.1:8081", f"127.0.0.1:{self.ports['purge']}"),
            (ENV_FILE_PATH, str(self.env_file)),
        ):
            text = text.replace(before, after)
        return text

    def stop(self, name, sig=signal.SIGTERM):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            if name in ("web", "worker"):
                os.killpg(process.pid, sig)
            else:
                process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self):
        for name in ("nginx", "web", "worker", "redis"):
            process = self.processes.get(name)
            if process is not None and name == "redis":
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGCONT)
            self.stop(name)
        if self.smtp is not None:
            self.smtp.stop()
        self.stop_postgres()
        for handle in self.logs:
            handle.close()

    # running the site's own commands ----------------------------------------------------

    def manage(self, *args, stdin=None):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.clean_env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def sql(self, query, args=(), database=None):
        """The rows a query returns ([] for a statement that returns none)."""
        with psycopg.connect(database or self.database_url) as connection:
            cursor = connection.execute(query, args)
            return cursor.fetchall() if cursor.description else []


def newest_postgres():
    """The bin folder of the newest PostgreSQL Debian's packages installed."""
    folders = glob.glob("/usr/lib/postgresql/*/bin")
    if not folders:
        raise SystemExit("No PostgreSQL server here (Debian: apt-get install postgresql).")
    return max(folders, key=lambda path: int(path.split("/")[-2]))


def _answers_ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def unit_command(unit):
    """A systemd unit's ExecStart, as this checkout would run it."""
    text = (DEPLOY / "systemd" / unit).read_text()
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    return line.removeprefix("ExecStart=").replace(SERVED_FROM, str(ROOT)).split()


def readme_block():
    """The README's Production set-up block (the one after MARKER)."""
    text = (ROOT / "README.md").read_text()
    after = text.split(MARKER, 1)[1]
    match = re.search(r"```sh\n(.*?)```", after, re.S)
    return match.group(1)


def cron_jobs():
    """deploy/digitalhelp.cron: (its environment lines, [(command, as cron runs it)])."""
    environment, jobs = {}, []
    for line in (DEPLOY / "digitalhelp.cron").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            environment[name] = value
            continue
        fields = line.split(None, 6)  # five time fields, the user, the command
        jobs.append(fields[6])
    return environment, jobs


# --- The checks --------------------------------------------------------------------------

# A script an operator's first steps would amount to (the admin does the same): an
# administrator, a network for the whole county and one place that helps with BankID.
OPERATOR_SCRIPT = """
import datetime
from django.contrib.auth import get_user_model
from directory.models import DirectoryPage, HelpTopic, Language, OrganisationPage, SupportPointPage
from geography.models import Municipality
from networks.models import Network
User = get_user_model()
if not User.objects.filter(username=%(user)r).exists():
    User.objects.create_superuser(%(user)r, "drift@digitalhjalp.example.se", %(password)r)
network, _ = Network.objects.get_or_create(slug="lanet", defaults={
    "name": "Digital hjälp i Jönköpings län", "email": %(email)r})
network.municipalities.set(Municipality.objects.all())
network.save()
directory = DirectoryPage.objects.get(locale__language_code="sv")
org = OrganisationPage(title="Länsbiblioteket", slug="lansbiblioteket", kind="library")
directory.add_child(instance=org)
org.save_revision().publish()
point = SupportPointPage(
    title="Länsbibliotekets BankID-hjälp", slug="bankid-hjalp",
    description="Hjälp med BankID och e-tjänster.", street_address="Dag Hammarskjölds väg 2",
    locality="Jönköping", municipality=Municipality.objects.get(code="0680"),
    latitude=57.7815, longitude=14.1562, drop_in=True, is_free=True,
    last_verified=datetime.date.today())
org.add_child(instance=point)
point.topics.set(HelpTopic.objects.filter(slug="bankid"))
point.languages.set(Language.objects.filter(code="sv"))
point.save_revision().publish()
print("operator ready")
"""

PUBLISH_SCRIPT = """
from home.models import StandardPage
page = StandardPage.objects.get(slug="om-tjansten", locale__language_code="sv")
page.title = %(title)r
page.save_revision().publish()
print("published")
"""


class Checks:
    def __init__(self, stack):
        self.stack = stack
        self.results = []

    def line(self, ok, name, detail):
        self.results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'}  {name}: {detail}", flush=True)

    @property
    def proxy(self):
        return self.stack.ports["proxy"]

    @property
    def web(self):
        return self.stack.ports["web"]

    def readme_setup(self):
        script = readme_block().replace(ENV_FILE_PATH, str(self.stack.env_file))
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT,
            env=self.stack.clean_env(DIGITALHELP_ENV_FILE=""),
            capture_output=True,
            text=True,
            timeout=900,
        )
        (self.stack.folder / "readme-setup.log").write_text(result.stdout + result.stderr)
        commands = [c for c in script.splitlines() if c.strip() and not c.startswith("#")]
        self.line(
            result.returncode == 0,
            "README Production set-up on a fresh database",
            f"{len(commands)} commands, exit {result.returncode}"
            + ("" if result.returncode == 0 else f"; {result.stderr.strip()[-300:]}"),
        )
        return result.returncode == 0

    def operator(self):
        result = self.stack.manage(
            "shell",
            stdin=OPERATOR_SCRIPT
            % {"user": OPERATOR[0], "password": OPERATOR[1], "email": NETWORK_EMAIL},
        )
        if "operator ready" not in result.stdout:
            raise SystemExit(f"the operator's first steps failed:\n{result.stderr}")

    def pages_through_proxy(self):
        home = get(self.proxy, "/")
        again = get(self.proxy, "/")
        search = get(self.proxy, "/hitta-hjalp/?q=bankid")
        english = get(self.proxy, "/en/")
        form = get(self.proxy, "/be-om-hjalp/")
        static = re.search(r'href="(/static/[^"]+\.css)"', home.body or "")
        css = get(self.proxy, static.group(1)) if static else Answer(None)
        ok = (
            home.status == 200
            and "Digital hjälp nära dig" in home.body
            and "Welcome to your new Wagtail site" not in home.body
            and again.headers.get("x-proxy-cache") == "HIT"
            and search.status == 200
            and "Länsbibliotekets BankID-hjälp" in search.body
            and search.headers.get("x-proxy-cache") != "HIT"
            and english.status == 200
            and form.status == 200
            and css.status == 200
            and "immutable" in css.headers.get("cache-control", "")
        )
        self.line(
            ok,
            "pages and searches through nginx",
            f"home {home.status} (again: {again.headers.get('x-proxy-cache')} in nginx's "
            f"cache), search {search.status} finds the place, /en/ {english.status}, "
            f"form {form.status}, hashed static file {css.status} from disk",
        )

    def publish(self):
        """Wagtail purges the page's cached copies (nginx's and Django's) in a task, so
        the task worker does it as soon as the publish is committed."""
        before = get(self.proxy, "/om-tjansten/")
        cached = get(self.proxy, "/om-tjansten/")
        # Straight to the workers too: Django's own page cache (in Redis) keeps it as well.
        primed = [get(self.web, "/om-tjansten/") for _ in range(3)][-1]
        title = f"Om tjänsten {int(time.time())}"
        result = self.stack.manage("shell", stdin=PUBLISH_SCRIPT % {"title": title})
        published = time.perf_counter()
        seen = wait_for(lambda: title in (get(self.proxy, "/om-tjansten/").body or ""), 10, 0.1)
        delay = time.perf_counter() - published
        direct = [get(self.web, "/om-tjansten/") for _ in range(12)]
        everywhere = sum(1 for a in direct if a.status == 200 and title in a.body)
        ok = (
            "published" in result.stdout
            and before.status == 200
            and cached.headers.get("x-proxy-cache") == "HIT"
            and primed.headers.get("x-page-cache") == "hit"
            and bool(seen)
            and delay <= 5
            and everywhere == len(direct)
        )
        self.line(
            ok,
            "a publish is seen at once",
            f"the page was kept by nginx ({cached.headers.get('x-proxy-cache')}) and by the "
            f"workers' shared cache ({primed.headers.get('x-page-cache')}); the new "
            f"title was served through nginx {delay:.1f} s after publishing; {everywhere} of "
            f"{len(direct)} requests straight to the 3 workers show it",
        )

    def shared_rate_limit(self):
        path = "/api/v1/support-points/?municipality=0680"
        # Limits count in windows of whole minutes: all 40 requests go in one.
        remaining = 60 - time.time() % 60
        if remaining < 15:
            time.sleep(remaining + 0.5)
        statuses = [get(self.proxy, f"{path}&n={i}").status for i in range(40)]
        accepted, refused = statuses.count(200), statuses.count(429)
        # Earlier checks may have used part of this minute's allowance: at most 30 in all.
        ok = accepted + refused == 40 and accepted <= 30 and refused >= 10
        self.line(
            ok,
            "rate limits shared across workers",
            f"directory-api 30/60 s: {accepted} answered, {refused} refused (429) of 40 "
            f"through nginx to 3 workers (per worker it would be up to 90)",
        )

    def send_referral(self, run):
        person = faults.Person(0, run)
        base = f"http://127.0.0.1:{self.proxy}"
        if not person.fetch_form(base):
            return None
        person.send(base)
        if not person.confirmed:
            return None
        rows = self.stack.sql(
            "SELECT reference FROM networks_referral WHERE name = %s", (person.name,)
        )
        return rows[0][0] if rows else None

    def worker_email(self):
        mailbox = self.stack.mailbox
        first = self.send_referral(f"w{int(time.time())}")
        sent = first and wait_for(lambda: mailbox.containing(first), 30)
        self.stack.stop("worker")
        second = self.send_referral(f"d{int(time.time())}")
        time.sleep(3)
        waiting = second is not None and not mailbox.containing(second)
        self.stack.start_worker()
        later = second and wait_for(lambda: mailbox.containing(second), 60)
        to_network = bool(sent) and all(NETWORK_EMAIL in m[0] for m in sent)
        ok = bool(first and sent and to_network and waiting and later)
        self.line(
            ok,
            "referral emails sent by the task worker",
            f"{first} emailed to the network by the worker: {bool(sent)}; {second} sent "
            f"while the worker was down: waited ({waiting}), emailed once it was back: "
            f"{bool(later)}",
        )

    def sweep(self, tag):
        """Everything a visitor and an editor do, past every cache; the statuses."""
        base = f"http://127.0.0.1:{self.proxy}"
        answers = {
            "home": get(self.proxy, f"/?v={tag}"),
            "search": get(self.proxy, f"/hitta-hjalp/?q=bankid&v={tag}"),
            "support point": get(
                self.proxy, f"/hitta-hjalp/lansbiblioteket/bankid-hjalp/?v={tag}"
            ),
            "api": get(self.proxy, f"/api/v1/support-points/?v={tag}"),
            "admin log-in page": get(self.proxy, "/admin/login/"),
        }
        person = faults.Person(0, f"s{tag}")
        person.fetch_form(base)
        answers["referral form"] = Answer(person.form_status)
        sent = person.send(base) if person.form else None
        answers["referral sent"] = Answer(302 if person.confirmed else (sent and sent.status))
        answers["admin log-in"] = Answer(_log_in(self.proxy))
        return answers

    def cache_outage(self):
        stack = self.stack
        stack.stop("redis")
        down = self.sweep(f"down{int(time.time())}")
        ready_down = _readiness(self.proxy)
        stack.start_redis()
        back = wait_for(lambda: _readiness(self.proxy)[1].get("status") == "ok", 20)
        redis_pid = stack.processes["redis"].pid
        os.kill(redis_pid, signal.SIGSTOP)
        try:
            started = time.perf_counter()
            stalled = self.sweep(f"stall{int(time.time())}")
            stalled_seconds = time.perf_counter() - started
            ready_stalled = _readiness(self.proxy)
        finally:
            os.kill(redis_pid, signal.SIGCONT)
        recovered = wait_for(lambda: _readiness(self.proxy)[1].get("status") == "ok", 20)
        for name, answers, ready in (
            ("unreachable", down, ready_down),
            ("stalled", stalled, ready_stalled),
        ):
            fine = all(a.status is not None and a.status < 500 for a in answers.values())
            usable = (
                all(
                    answers[k].status == 200
                    for k in ("home", "search", "support point", "api", "referral form")
                )
                and answers["referral sent"].status == 302
                and answers["admin log-in"].status == 302
            )
            degraded = ready[0] == 200 and ready[1].get("status") == "degraded"
            extra = f" in {stalled_seconds:.1f} s" if name == "stalled" else ""
            self.line(
                fine and usable and degraded,
                f"Redis {name}",
                ", ".join(f"{k} {a.status}" for k, a in answers.items())
                + f"{extra}; /readyz {ready[0]} {ready[1].get('status')}",
            )
        self.line(
            bool(back and recovered),
            "Redis back without a restart",
            f"/readyz ok again after it came back ({bool(back)}) and after the stall "
            f"({bool(recovered)})",
        )

    def database_restart(self):
        base = f"http://127.0.0.1:{self.proxy}"
        with contextlib.redirect_stdout(sys.stderr):
            numbers, ok = faults.database_restart(
                base,
                self.stack.database_url,
                senders=8,
                loaders=4,
                before=1.5,
                after=3.0,
                restart=self.stack.restart_postgres,
                limit=100_000,
            )
        ready = _readiness(self.proxy)
        self.line(
            ok and ready[0] == 200,
            "PostgreSQL restarted under load",
            f"{numbers['confirmed (302 to receipt)']} confirmed, {numbers['stored']} stored, "
            f"{numbers['confirmed but not stored']} confirmed but lost, "
            f"{numbers['sends (POSTs): 503 please try again']} sends and "
            f"{numbers['page loads (GETs): 503 please try again']} page loads answered 503 "
            f"please try again, {faults.other_5xx(numbers)} other 5xx; /readyz {ready[0]} after",
        )

    def cron(self):
        stack = self.stack
        sqlite_file = ROOT / "db.sqlite3"
        sqlite_before = sqlite_file.stat().st_mtime if sqlite_file.exists() else None
        # A referral closed long ago, due for retention; and one not yet notified.
        old = self.send_referral(f"old{int(time.time())}")
        stack.sql(
            "UPDATE networks_referral SET status = 'resolved', "
            "closed_at = now() - interval '400 days' WHERE reference = %s",
            (old,),
        )
        environment, jobs = cron_jobs()
        environment = {k: stack.rewrite(v) for k, v in environment.items()}
        figures_before = stack.sql("SELECT count(*) FROM figures_run")[0][0]
        failures = []
        for job in jobs:
            command = stack.rewrite(job).replace(
                "/var/backups/digitalhelp", str(stack.folder / "backups")
            )
            result = subprocess.run(
                ["/bin/sh", "-c", command],
                env={
                    "PATH": "/usr/bin:/bin",
                    "HOME": os.environ.get("HOME", "/root"),
                    "SHELL": "/bin/sh",
                    **environment,
                },
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                failures.append(f"{command}: {result.stderr.strip()[-200:]}")
        anonymised = stack.sql(
            "SELECT anonymised_at IS NOT NULL FROM networks_referral WHERE reference = %s",
            (old,),
        )
        figures_after = stack.sql("SELECT count(*) FROM figures_run")[0][0]
        sqlite_after = sqlite_file.stat().st_mtime if sqlite_file.exists() else None
        ok = (
            not failures
            and anonymised == [(True,)]
            and figures_after > figures_before
            and sqlite_after == sqlite_before
        )
        self.line(
            ok,
            "scheduled jobs as cron runs them",
            f"{len(jobs) - len(failures)} of {len(jobs)} jobs ran with only the environment "
            f"file; apply_retention anonymised {old} in PostgreSQL: {anonymised == [(True,)]}; "
            f"update_figures counted ({figures_before} → {figures_after} runs); db.sqlite3 "
            f"untouched: {sqlite_after == sqlite_before}" + (f"; {failures}" if failures else ""),
        )

    def backup_restore(self):
        stack = self.stack
        (stack.media / "original_images").mkdir(parents=True, exist_ok=True)
        (stack.media / "original_images" / "prod-check.txt").write_text("a file in media\n")
        backups = stack.folder / "backups"
        made = subprocess.run(
            ["deploy/backup.sh", str(backups)],
            cwd=ROOT,
            env=stack.clean_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        paths = made.stdout.split()
        with psycopg.connect(stack.admin_url(), autocommit=True) as connection:
            connection.execute("CREATE DATABASE digitalhelp_restored")
        restored_url = stack.admin_url("digitalhelp_restored")
        restored_media = stack.folder / "media-restored"
        result = subprocess.run(
            ["deploy/restore.sh", *paths, restored_url, str(restored_media)],
            cwd=ROOT,
            env=stack.clean_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        query_referrals = "SELECT reference, status FROM networks_referral ORDER BY reference"
        query_pages = "SELECT url_path, title, live FROM wagtailcore_page ORDER BY path"
        same_referrals = same_pages = False
        referrals = pages = []
        if result.returncode == 0:
            referrals = stack.sql(query_referrals)
            pages = stack.sql(query_pages)
            same_referrals = referrals == stack.sql(query_referrals, database=restored_url)
            same_pages = pages == stack.sql(query_pages, database=restored_url)
        same_media = (restored_media / "original_images" / "prod-check.txt").exists()
        ok = made.returncode == 0 and result.returncode == 0 and same_referrals and same_pages
        ok = ok and same_media
        self.line(
            ok,
            "backup and restore rehearsal",
            f"pg_dump and media → {len(paths)} files; restored into a fresh database: "
            f"{len(referrals)} referrals the same: {same_referrals}, {len(pages)} pages the "
            f"same: {same_pages}, media file back: {same_media}"
            + (
                ""
                if made.returncode == 0 and result.returncode == 0
                else f"; {made.stderr.strip()[-200:]} {result.stderr.strip()[-200:]}"
            ),
        )


def _readiness(port):
    answer = get(port, "/readyz")
    try:
        return answer.status, json.loads(answer.body)
    except ValueError:
        return answer.status, {}


def _log_in(port):
    """The admin log-in, with the operator's password; 302 when it let them in."""
    page = get(port, "/admin/login/")
    token = faults.hidden(page.body or "", "csrfmiddlewaretoken")
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("set-cookie", ""))
    if page.status != 200 or not token or not cookie:
        return page.status
    body = f"csrfmiddlewaretoken={token}&username={OPERATOR[0]}&password={OPERATOR[1]}"
    answer = get(
        port,
        "/admin/login/",
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1)}",
            "Referer": f"http://127.0.0.1:{port}/admin/login/",
        },
    )
    return answer.status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dh-prod-check-"))
    stack = Stack(folder)
    checks = Checks(stack)
    print(f"make prod-check: the production stack under {folder}", flush=True)
    try:
        stack.start_postgres()
        stack.start_redis()
        stack.start_smtp()
        stack.write_env_file()
        if checks.readme_setup():
            checks.operator()
            stack.start_web()
            stack.start_worker()
            stack.start_nginx()
            print(
                f"PostgreSQL :{stack.ports['pg']}, Redis :{stack.ports['redis']}, gunicorn "
                f"(3 workers) :{stack.ports['web']}, nginx :{stack.ports['proxy']}, task "
                "worker, SMTP :" + str(stack.ports["smtp"]),
                flush=True,
            )
            for check in (
                checks.pages_through_proxy,
                checks.publish,
                checks.worker_email,
                checks.cache_outage,
                checks.shared_rate_limit,
                checks.database_restart,
                checks.cron,
                checks.backup_restore,
            ):
                try:
                    check()
                except Exception as error:  # one broken check must not hide the others
                    checks.line(False, check.__name__, f"{error.__class__.__name__}: {error}")
    finally:
        stack.stop_all()
        if not args.keep and all(checks.results):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Logs kept in {folder}")
    passed = bool(checks.results) and all(checks.results)
    print("All promises kept." if passed else "A PROMISE WAS BROKEN (see above).")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""A SQLite copy of a PostgreSQL bench database, so the benchmark also reports the embedded
default (WAL, synchronous=FULL, serialised writes) on the same data.

    .venv/bin/python bench/sqlite.py                      # dh_bench_10k → SQLite
    .venv/bin/python bench/sqlite.py --database dh_bench_10k --force

The copy is bench/results/<database>.sqlite3 (git-ignored; a few tens of MB). Steps:
`manage.py migrate` on an empty file, then every table's rows from PostgreSQL (psycopg
reading, sqlite3 executemany writing, one transaction per table, foreign keys checked once
at the end), converted to the forms Django's SQLite backend stores. Skipped: the search
entries (`manage.py rebuild_search_index` writes them, and SQLite's FTS5 table with them),
the map cells (rebuilt by `manage.py rebuild_map_cells`), sessions, queued
tasks and migration records (the SQLite file keeps its own).

A sidecar <file>.json records what was copied (the PostgreSQL database's identity and
bench_meta, this builder's version and the migration files); the copy is reused while
they all match, and rebuilt when the PostgreSQL database was regenerated (a new database
has a new oid) or a migration was added.
"""

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
BUILDER_VERSION = 2

from bench import generate  # noqa: E402

# Not copied: rebuilt for SQLite after the copy, or state of PostgreSQL's own past.
SKIPPED_PREFIXES = (
    "directory_searchentry",  # PostgreSQL's vectors; SQLite indexes them with FTS5
    "wagtailsearch_indexentry",  # Wagtail's index for the admin, empty in the bench
    "directory_mapcell",  # derived from the support points
    "django_session",
    "django_migrations",
    "django_tasks_",  # the generator's queued emails
)
# Run on the SQLite file after the copy, to build what was skipped.
REBUILD_COMMANDS = (["rebuild_search_index"], ["rebuild_map_cells"])


def _utc_text(value):
    """Django's SQLite backend stores aware datetimes as naive UTC text (str())."""
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


# PostgreSQL type → the value Django's SQLite backend would have written.
CONVERTERS = {
    "timestamptz": _utc_text,
    "timestamp": str,
    "date": str,
    "time": str,
    "numeric": str,
    "uuid": lambda value: value.hex,  # char(32), no dashes
    "json": json.dumps,
    "jsonb": json.dumps,
    "interval": lambda value: value // datetime.timedelta(microseconds=1),
    "bytea": bytes,
}
NATIVE = {"int2", "int4", "int8", "float4", "float8", "bool", "varchar", "text", "bpchar"}


def default_path(database):
    return RESULTS / f"{database}.sqlite3"


def url(path):
    """The DATABASE_URL of a SQLite file (config/env.py: sqlite:/// and an absolute path)."""
    return f"sqlite:///{Path(path).resolve()}"


def path_of(database_url):
    return database_url.removeprefix("sqlite:///")


def _fingerprint():
    """Changes when a migration is added or Django or Wagtail is upgraded."""
    names = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/migrations/0*.py"))
    versions = [importlib.metadata.version(name) for name in ("django", "wagtail")]
    return hashlib.sha256(json.dumps([names, versions]).encode()).hexdigest()[:16]


def _source(database):
    """What identifies the PostgreSQL data: its oid (new when regenerated) and bench_meta."""
    import psycopg

    meta = generate.existing_meta(database)
    if meta is None:
        raise SystemExit(f"{database}: no generated bench database (run bench/generate.py).")
    with psycopg.connect(generate.database_url(database)) as conn:
        oid = conn.execute(
            "SELECT oid FROM pg_database WHERE datname = current_database()"
        ).fetchone()[0]
    return {"database": database, "oid": oid, "meta": meta}


def _manage(path, *command):
    env = {**os.environ, "DATABASE_URL": url(path), "DEBUG": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def _columns(pg):
    """{table: [(column, PostgreSQL type name), …]} of the public schema."""
    tables = {}
    for table, column, kind in pg.execute(
        "SELECT table_name, column_name, udt_name FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ):
        tables.setdefault(table, []).append((column, kind))
    return tables


def _converter(kinds):
    """A function that turns one PostgreSQL row into a SQLite row, or None if none is needed."""
    unknown = set(kinds) - NATIVE - set(CONVERTERS)
    if unknown:
        raise SystemExit(f"no SQLite form known for PostgreSQL type(s) {sorted(unknown)}")
    converters = [CONVERTERS.get(kind) for kind in kinds]
    if not any(converters):
        return None

    def convert(row):
        return tuple(
            value if fn is None or value is None else fn(value)
            for value, fn in zip(row, converters, strict=True)
        )

    return convert


def copy_tables(database, path, log=print):
    """Every table's rows from PostgreSQL into the migrated SQLite file; {table: rows}."""
    import psycopg

    counts = {}
    with (
        psycopg.connect(generate.database_url(database)) as pg,
        closing(sqlite3.connect(path, isolation_level=None)) as lite,
    ):
        pg.execute("SET TIME ZONE 'UTC'")
        # A throwaway build: integrity is checked once at the end, durability not needed.
        lite.execute("PRAGMA foreign_keys=OFF")
        lite.execute("PRAGMA synchronous=OFF")
        tables = lite.execute("SELECT name FROM sqlite_master WHERE type='table'")
        lite_tables = {name for (name,) in tables}
        for table, columns in _columns(pg).items():
            if table.startswith(SKIPPED_PREFIXES):
                continue
            if table not in lite_tables:
                log(f"  {table}: not in the SQLite schema, skipped")
                continue
            lite_columns = {row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')}
            missing = [name for name, _kind in columns if name not in lite_columns]
            if missing:
                raise SystemExit(f"{table}: columns {missing} are not in the SQLite schema")
            names = [name for name, _kind in columns]
            convert = _converter([kind for _name, kind in columns])
            quoted = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" * len(names))
            insert = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
            lite.execute("BEGIN")
            lite.execute(f'DELETE FROM "{table}"')  # rows that migrations made in SQLite
            with pg.cursor(name=f"copy_{table}") as source:  # server-side: streamed
                source.itersize = 5000
                source.execute(f'SELECT {quoted} FROM "{table}"')
                rows = map(convert, source) if convert else source
                lite.executemany(insert, rows)
            lite.execute("COMMIT")
            counts[table] = lite.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        broken = lite.execute("PRAGMA foreign_key_check").fetchmany(5)
        if broken:
            raise SystemExit(f"foreign keys broken after the copy, e.g. {broken}")
    return counts


def build(database=None, path=None, force=False, log=print):
    """The SQLite copy of `database` (default dh_bench_10k) at `path`; reused while the
    PostgreSQL data, this builder and the migrations are what it was made from."""
    database = database or generate.default_database(10_000)
    path = Path(path or default_path(database))
    sidecar = path.with_name(path.name + ".json")
    wanted = {
        "source": _source(database),
        "builder": BUILDER_VERSION,
        "migrations": _fingerprint(),
    }
    if not force and path.exists() and sidecar.exists():
        with open(sidecar) as handle:
            if {k: v for k, v in json.load(handle).items() if k in wanted} == wanted:
                log(f"{path.name}: reusing (a copy of {database}).")
                return path
    log(f"{path.name}: copying {database} into SQLite …")
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    for stale in (building, path, sidecar):
        for suffix in ("", "-wal", "-shm"):
            stale.with_name(stale.name + suffix).unlink(missing_ok=True)
    _manage(building, "migrate", "--noinput", "-v0")
    log(f"  migrate: {time.perf_counter() - started:.1f} s")
    mark = time.perf_counter()
    counts = copy_tables(database, building, log)
    log(f"  copy: {sum(counts.values()):,} rows in {len(counts)} tables, "
        f"{time.perf_counter() - mark:.1f} s")  # fmt: skip
    for command in REBUILD_COMMANDS:
        mark = time.perf_counter()
        _manage(building, *command)
        log(f"  {command[0]}: {time.perf_counter() - mark:.1f} s")
    with closing(sqlite3.connect(building)) as lite:
        lite.execute("PRAGMA journal_mode=WAL")  # as the app opens it
        lite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.rename(path)
    seconds = time.perf_counter() - started
    sidecar.write_text(json.dumps({**wanted, "seconds": round(seconds, 1), "rows": counts},
                                  indent=2))  # fmt: skip
    log(f"  total: {seconds:.1f} s ({path.stat().st_size / 2**20:.0f} MB)")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="the PostgreSQL bench database (dh_bench_10k)")
    parser.add_argument("--path", help="the SQLite file (bench/results/<database>.sqlite3)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    build(args.database, args.path, force=args.force)


if __name__ == "__main__":
    main()

"""Readiness: can this process serve requests now, check by check (/readyz).

/healthz only says the process answers (liveness); this says what it can rely on:

- database: SELECT 1. Not answering: "unavailable".
- cache: the shared cache. Redis not answering is "degraded": each process then uses a
  cache of its own (core/fallback_cache.py) and still serves every page.
- migrations: migrations not applied to the database (a deploy half done): "pending",
  which makes the process unavailable.
- tasks: with the database task backend, how many tasks wait for the worker and for how
  long; "degraded" once the oldest has waited TASK_QUEUE_MAX_AGE_SECONDS (is the worker
  running?). Other backends do not queue.

The overall status is "unavailable" when the database does not answer or migrations are
pending, "degraded" when a check is degraded or could not be made, else "ok". Every check
catches its own errors: readiness answers, whatever is broken.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

OK, DEGRADED, UNAVAILABLE = "ok", "degraded", "unavailable"
PENDING, UNKNOWN, NOT_QUEUED = "pending", "unknown", "not queued"


def _failed(error):
    """What went wrong, in short: the exception's class. Not its message, which can name
    internal hosts and addresses: this answer is public."""
    return f"{type(error).__name__}."


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"status": UNAVAILABLE, "detail": _failed(error)}
    return {"status": OK}


def shared_cache():
    """The fallback backend pings Redis (its probe); any other backend must give back a
    value it was just given."""
    try:
        probe = getattr(cache, "probe", None)
        if probe is not None:
            return probe()
        key = f"readiness:{uuid.uuid4().hex}"
        cache.set(key, "ok", 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return {"status": DEGRADED, "detail": _failed(error)}
    if found != "ok":
        return {"status": DEGRADED, "detail": "A value just stored could not be read back."}
    return {"status": OK}


# New migrations only arrive with a new deploy, which restarts the process: once it has
# seen them all applied, it need not load the migration files again.
_migrations_applied = False


def migrations():
    global _migrations_applied
    if _migrations_applied:
        return {"status": OK}
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return {"status": UNKNOWN, "detail": _failed(error)}
    if plan:
        return {
            "status": PENDING,
            "count": len(plan),
            "detail": f"{len(plan)} migrations not applied (manage.py migrate).",
        }
    _migrations_applied = True
    return {"status": OK}


def tasks():
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return {"status": NOT_QUEUED, "detail": f"{type(backend).__name__} runs no worker."}
    try:
        waiting = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
        # A task waits from when it was enqueued, or from when it was due if deferred.
        found = waiting.aggregate(
            count=Count("pk"),
            since=Min(
                Case(
                    When(run_after=get_date_max(), then=F("enqueued_at")),
                    default=Greatest("enqueued_at", "run_after"),
                )
            ),
        )
    except Exception as error:
        return {"status": UNKNOWN, "detail": _failed(error)}
    age = 0 if found["since"] is None else int((timezone.now() - found["since"]).total_seconds())
    result = {"status": OK, "waiting": found["count"], "oldest_seconds": max(age, 0)}
    if age > settings.TASK_QUEUE_MAX_AGE_SECONDS:
        result["status"] = DEGRADED
        result["detail"] = (
            f"The oldest waiting task has waited {age} seconds "
            f"(more than {settings.TASK_QUEUE_MAX_AGE_SECONDS}): is the worker "
            "(manage.py db_worker) running?"
        )
    return result


def report():
    """{"status": …, "checks": {name: {"status": …, …}}}."""
    checks = {"database": database(), "cache": shared_cache()}
    if checks["database"]["status"] == OK:
        checks["migrations"] = migrations()
        checks["tasks"] = tasks()
    else:
        skipped = {"status": UNKNOWN, "detail": "Not checked: the database is not answering."}
        checks["migrations"] = dict(skipped)
        checks["tasks"] = dict(skipped)
    if checks["database"]["status"] != OK or checks["migrations"]["status"] == PENDING:
        status = UNAVAILABLE
    elif all(check["status"] in {OK, NOT_QUEUED} for check in checks.values()):
        status = OK
    else:
        status = DEGRADED
    return {"status": status, "checks": checks}

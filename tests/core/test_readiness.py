"""/healthz says the process answers; /readyz says what it can rely on, check by check:
the database, the shared cache, migrations and the task queue (core/readiness.py). It
answers 503 when the process cannot serve, 200 when it can (also degraded), never 500."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core import readiness
from tests.core.test_unavailable_stages import ON_POSTGRES, lose_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """A load balancer: gets the answer a server would send, 500s included."""
    return Client(raise_request_exception=False)


@pytest.fixture
def fresh_process(monkeypatch):
    """A process that has not yet seen every migration applied."""
    monkeypatch.setattr(readiness, "_migrations_applied", False)


@task()
def waiting_task():
    """Enqueued by the tests below and never run."""


def test_liveness_only_says_the_process_answers(visitor, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_when_everything_answers(visitor, fresh_process):
    for _ in range(2):  # the second time from the page cache, if it were kept
        response = visitor.get("/readyz")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "X-Page-Cache" not in response
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "migrations": {"status": "ok"},
            "tasks": {"status": "not queued", "detail": "ImmediateBackend runs no worker."},
        },
    }


@pytest.fixture
def database_gone():
    """The database stops answering, for real: on PostgreSQL the server ends this
    connection (as in a restart); on SQLite, whose database cannot go away, the driver
    interrupts every statement (sqlite3.OperationalError)."""
    if ON_POSTGRES:
        lose_connection()
        yield
        connection.close()  # a terminated connection is not reused by the next test
    else:
        connection.ensure_connection()
        connection.connection.set_progress_handler(lambda: 1, 1)
        yield
        connection.connection.set_progress_handler(None, 1)


def test_unavailable_when_the_database_does_not_answer(visitor, database_gone):
    response = visitor.get("/readyz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["checks"]["database"]["status"] == "unavailable"
    assert "OperationalError" in report["checks"]["database"]["detail"]
    assert report["checks"]["migrations"]["status"] == "unknown"
    assert report["checks"]["cache"] == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    # Liveness: the process still answers.
    assert visitor.get("/healthz").status_code == 200


def test_unavailable_while_a_migration_is_pending(visitor, fresh_process):
    assert visitor.get("/readyz").json()["checks"]["migrations"] == {"status": "ok"}
    readiness._migrations_applied = False  # a new process, after a deploy
    app, name = next(n for n in MigrationLoader(None).graph.leaf_nodes() if n[0] == "networks")
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()
    response = visitor.get("/readyz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["checks"]["migrations"]["status"] == "pending"
    assert report["checks"]["migrations"]["count"] == 1
    assert report["checks"]["database"] == {"status": "ok"}


def test_degraded_when_a_task_has_waited_too_long(visitor, settings, fresh_process):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_QUEUE_MAX_AGE_SECONDS = 900
    fresh = visitor.get("/readyz").json()["checks"]["tasks"]
    assert fresh == {"status": "ok", "waiting": 0, "oldest_seconds": 0}

    old = waiting_task.enqueue()
    waiting_task.enqueue()
    waiting_task.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()  # not due
    DBTaskResult.objects.filter(pk=old.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = visitor.get("/readyz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "degraded"
    tasks = report["checks"]["tasks"]
    assert tasks["status"] == "degraded"
    assert tasks["waiting"] == 2
    assert 3600 <= tasks["oldest_seconds"] < 3700
    assert "db_worker" in tasks["detail"]

    DBTaskResult.objects.filter(pk=old.id).delete()  # the worker caught up
    assert visitor.get("/readyz").json()["status"] == "ok"


@pytest.mark.parametrize("mode", ["refuse", "stall"])
def test_degraded_while_the_shared_cache_is_down_then_ok(visitor, redis_cache, mode):
    redis_cache.proxy.set_mode(mode)
    response = visitor.get("/readyz")
    assert response.status_code == 200  # still serving: keep sending it traffic
    report = response.json()
    assert report["status"] == "degraded"
    assert report["checks"]["cache"]["status"] == "degraded"
    assert "is not answering" in report["checks"]["cache"]["detail"]
    assert report["checks"]["database"] == {"status": "ok"}

    redis_cache.proxy.set_mode("pass")
    response = visitor.get("/readyz")  # the probe asks Redis itself, at once
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == {"status": "ok"}
    assert response.json()["status"] == "ok"

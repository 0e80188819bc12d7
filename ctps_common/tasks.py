"""Background work for every plugin, on Django's tasks framework.

Tasks are `django.tasks` tasks (Django 6), from the `django-tasks` backport on Django 5.2:
`@task` defines one, `.enqueue(...)` hands it to the backend of the `TASKS` setting. The
site chooses the backend: the database backend of `django-tasks-db` and its worker in
production (`manage.py tasks_worker`), the immediate backend (the task runs where it is
enqueued) in development and tests. Wagtail queues its own work (search and reference
index, image focal points) the same way.

Arguments are JSON (ids, not model instances, and never a secret: they are stored in the
task table until it is pruned).
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import transaction

try:  # Django 6 ships the framework
    from django.tasks import task, task_backends  # type: ignore[import-not-found]
except ImportError:  # Django 5.2: the backport (Wagtail requires it too)
    from django_tasks import task, task_backends

__all__ = ["enqueue_on_commit", "keeps_tasks_in_database", "prune_task_results", "task"]

# Finished task results are kept this long (days) for inspection, then pruned.
TASK_RESULTS_KEPT_DAYS = 14


def enqueue_on_commit(task_obj, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside one).

    For work that talks to the network: with the immediate backend it then runs after the
    commit, never inside the transaction, and a rolled-back transaction enqueues nothing.
    """
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


def keeps_tasks_in_database(alias: str = "default") -> bool:
    """Whether the backend stores tasks in the database (a worker runs them later)."""
    try:
        from django_tasks_db import DatabaseBackend
    except ImportError:  # pragma: no cover - the backend package is a runtime requirement
        return False
    return isinstance(task_backends[alias], DatabaseBackend)


@task()
def prune_task_results() -> str:
    """Delete finished task results older than TASK_RESULTS_KEPT_DAYS (database backend)."""
    if not keeps_tasks_in_database():
        return "no database backend"
    call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=0)
    return "pruned"

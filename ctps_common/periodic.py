"""Periodic tasks: each installed app declares its own, the worker enqueues them when due.

Django's tasks framework has no schedule, so this is the small one the site needs. An app
lists its periodic tasks on its AppConfig:

    class CoursesConfig(AppConfig):
        periodic_tasks = {
            "courses.xapi_forward": ("courses.xapi.sending.xapi_forward", 60),  # seconds
        }

A site changes an interval, switches a task off (`None`) or adds one with
`CTPS_PERIODIC_TASKS = {"courses.xapi_forward": 300, "my.task": ("my.tasks.job", 3600)}`.

`periodic_enqueue_due()` enqueues every task whose time has come, exactly once per period:
the `PeriodicTaskRun` row is claimed by a conditional UPDATE (next_run_at <= now → now +
interval), so several workers ticking at the same moment enqueue it once. `manage.py
tasks_worker` ticks in a thread beside django-tasks-db's worker; `manage.py tasks_periodic`
ticks once (for cron, or by hand with the immediate backend). Periodic tasks must be safe to
run twice in a row (sweeps over due rows), since a period is claimed before its task runs.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Seconds between two ticks of the worker's scheduler thread.
TICK_SECONDS = 15


@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str
    every: timedelta


def periodic_tasks() -> dict[str, Periodic]:
    """The periodic tasks of the installed apps, as the site's settings adjust them."""
    declared: dict[str, tuple[str, int | None]] = {}
    for config in apps.get_app_configs():
        declared.update(getattr(config, "periodic_tasks", {}) or {})
    for name, value in (getattr(settings, "CTPS_PERIODIC_TASKS", {}) or {}).items():
        if value is None or isinstance(value, tuple | list):
            declared[name] = value
        elif name in declared and declared[name] is not None:
            declared[name] = (declared[name][0], value)
    return {
        name: Periodic(name, value[0], timedelta(seconds=value[1]))
        for name, value in declared.items()
        if value is not None and value[1]
    }


def periodic_enqueue_due(*, now=None) -> list[str]:
    """Enqueue the periodic tasks that are due; the names of those enqueued."""
    from .models import PeriodicTaskRun

    now = now or timezone.now()
    enqueued = []
    for periodic in periodic_tasks().values():
        PeriodicTaskRun.objects.get_or_create(name=periodic.name, defaults={"next_run_at": now})
        later = now + periodic.every
        # A shorter interval than before applies at once.
        PeriodicTaskRun.objects.filter(name=periodic.name, next_run_at__gt=later).update(
            next_run_at=later
        )
        claimed = PeriodicTaskRun.objects.filter(name=periodic.name, next_run_at__lte=now).update(
            next_run_at=later, last_enqueued_at=now
        )
        if not claimed:
            continue
        try:
            import_string(periodic.task_path).enqueue()
        except Exception:
            # Give the period back so the next tick tries again, then carry on with the rest.
            PeriodicTaskRun.objects.filter(name=periodic.name, last_enqueued_at=now).update(
                next_run_at=now
            )
            logger.exception("Periodic task %s could not be enqueued", periodic.name)
            continue
        enqueued.append(periodic.name)
    return enqueued


class Ticker(threading.Thread):
    """The worker's scheduler: enqueues due periodic tasks every TICK_SECONDS until stopped."""

    def __init__(self, *, interval: float = TICK_SECONDS):
        super().__init__(name="ctps-periodic", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                close_old_connections()
                names = periodic_enqueue_due()
                if names:
                    logger.info("Enqueued periodic tasks: %s", ", ".join(names))
            except Exception:
                logger.exception("Periodic tick failed")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()

"""The background worker: django-tasks-db's `db_worker`, plus the periodic schedule.

Same options as `manage.py db_worker` (`--queue-name`, `--interval`, `--batch`,
`--max-tasks`, `--worker-id`, ...). Beside the worker loop, a thread enqueues the periodic
tasks when they are due (`ctps_common.periodic`); with `--batch` the due ones are enqueued
once before the worker runs what is queued and exits. Run one or several, on any host: each
task runs once, each period is enqueued once.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from ...periodic import Ticker, periodic_enqueue_due


class Command(db_worker.Command):
    help = "Run the background worker (django-tasks-db's db_worker) and the periodic schedule."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Do not enqueue periodic tasks from this worker.",
        )

    def handle(self, *args, periodic=True, **options):
        ticker = None
        if periodic and options.get("batch"):
            periodic_enqueue_due()
        elif periodic and (
            not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        ):
            # With --reload only the child process (the one running tasks) ticks.
            ticker = Ticker()
            ticker.start()
        try:
            return super().handle(*args, **options)
        finally:
            if ticker is not None:
                ticker.stop()

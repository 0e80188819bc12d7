"""Enqueue the periodic tasks that are due, once (the worker does this on its own)."""

from django.core.management.base import BaseCommand

from ...periodic import periodic_enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue every periodic task that is due, once: from cron beside a plain db_worker, "
        "or by hand with the immediate backend (the tasks then run at once)."
    )

    def handle(self, *args, **options):
        names = periodic_enqueue_due()
        self.stdout.write("Enqueued: " + (", ".join(names) if names else "nothing due"))

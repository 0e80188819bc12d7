"""The xAPI worker: sends due statements to the LRS, once or in a loop."""

import time

from django.core.management.base import BaseCommand

from courses.xapi.sending import statements_send


class Command(BaseCommand):
    help = "Send unsent xAPI statements to XAPI_LRS_ENDPOINT in batches (retries failures)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running (a worker).")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between runs.")

    def handle(self, *args, loop=False, interval=30, **options):
        while True:
            counts = statements_send()
            self.stdout.write(f"xAPI: {counts['sent']} sent, {counts['failed']} to retry")
            if not loop:
                return
            time.sleep(interval)

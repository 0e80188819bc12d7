"""Send due xAPI statements now: what the background task `xapi_forward` does, once.

Delivery normally needs no command: the worker (`manage.py tasks_worker`) runs the task
after each learning event and every minute. This runs it by hand (an operator's check,
or draining the queue after a long LRS outage).
"""

from django.core.management.base import BaseCommand, CommandError

from courses.xapi.sending import xapi_forward


class Command(BaseCommand):
    help = "Send due xAPI statements to XAPI_LRS_ENDPOINT now (the xapi_forward task, once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Removed: the worker sends statements."
        )

    def handle(self, *args, loop=False, **options):
        if loop:
            raise CommandError(
                "xapi_send --loop is gone: statements are sent by the background worker "
                "(manage.py tasks_worker), which runs xapi_forward after each learning event "
                "and every minute."
            )
        counts = xapi_forward.call()
        self.stdout.write(
            f"xAPI: {counts['sent']} sent, {counts['retry']} to retry, "
            f"{counts['failed']} refused by the LRS"
        )

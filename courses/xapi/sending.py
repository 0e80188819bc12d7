"""Delivery to the LRS: the statements table is the outbox, a worker sends it.

Sending happens outside the trainee's request: `manage.py xapi_send` (run as a worker with
`--loop`, or from cron) posts due statements in batches. The statement id is our primary
key, so a batch re-sent after a lost answer is accepted by the LRS without duplicates
(xAPI §2.2: same id, same statement → no-op).
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import XapiStatement
from .statements import XAPI_VERSION

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
RETRY_DELAYS = [60, 300, 1800, 7200]  # seconds; the last one repeats


def unsent_count() -> int:
    return XapiStatement.objects.unsent().count()


class LrsError(Exception):
    pass


def _post(batch: list[dict]) -> None:
    endpoint = settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"
    request = urllib.request.Request(  # noqa: S310 - the endpoint is the operator's setting
        endpoint,
        data=json.dumps(batch).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
        },
    )
    username = getattr(settings, "XAPI_LRS_USERNAME", "")
    if username:
        secret = f"{username}:{getattr(settings, 'XAPI_LRS_PASSWORD', '')}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
    timeout = getattr(settings, "XAPI_LRS_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        # 409 Conflict: the LRS already holds these ids; nothing is lost or duplicated.
        if status != 409:
            raise LrsError(f"HTTP {status}") from error
    except (urllib.error.URLError, OSError) as error:
        raise LrsError(str(error)) from error
    if status >= 300 and status != 409:
        raise LrsError(f"HTTP {status}")


def statements_send(*, batch_size: int = BATCH_SIZE, max_batches: int = 100) -> dict:
    """Send due statements in batches; a failed batch waits for its retry time.

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED (on PostgreSQL), so two workers
    never send the same batch at once.
    """
    counts = {"sent": 0, "failed": 0}
    if not getattr(settings, "XAPI_LRS_ENDPOINT", ""):
        return counts
    for _ in range(max_batches):
        with transaction.atomic():
            rows = list(
                XapiStatement.objects.due()
                .select_for_update(skip_locked=True)
                .only("id", "statement", "attempts")[:batch_size]
            )
            if not rows:
                break
            ids = [row.id for row in rows]
            try:
                _post([row.statement for row in rows])
            except LrsError as error:
                logger.warning("xAPI: LRS refused a batch of %s statements: %s", len(rows), error)
                now = timezone.now()
                for row in rows:
                    delay = RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS) - 1)]
                    row.attempts += 1
                    row.next_attempt_at = now + timedelta(seconds=delay)
                    row.last_error = str(error)[:500]
                XapiStatement.objects.bulk_update(
                    rows, ["attempts", "next_attempt_at", "last_error"]
                )
                counts["failed"] += len(rows)
                break
            XapiStatement.objects.filter(id__in=ids).update(sent_at=timezone.now(), last_error="")
            counts["sent"] += len(rows)
    return counts

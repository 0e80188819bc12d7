"""Delivery to the LRS: the statements table is the outbox, the task `xapi_forward` sends it.

The task runs on the site's task backend (`ctps_common.tasks`): enqueued after each
learning event commits, and every minute by the worker's schedule (retries come due there).
No network I/O happens inside a database transaction. Each batch goes through three steps:

1. *claim* (a short transaction, committed before anything is sent): due rows are locked
   with SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL) and marked with a claim token by a
   conditional UPDATE that only takes rows still due; the claim moves `next_attempt_at` a
   lease ahead, so no other worker takes them while they are sent;
2. *send*, outside any transaction: one POST of the batch; when the LRS refuses the batch's
   content (400, 409, 413, 422) it is split in halves and each half sent again, down to
   single statements, so one bad statement never holds the rest back;
3. *record* (another short transaction): sent rows are marked sent, a statement the LRS
   refused alone is marked failed with the LRS's answer (staff may retry it), and when the
   LRS is unreachable or answers 5xx (or 401, 403, 404, 429) the batch waits with a growing
   delay (1 min, 5 min, 30 min, then every 2 h).

A worker that dies between claim and record leaves its rows claimed until the lease runs
out; they are then due again and sent by the next run. The statement id is our primary key,
so a statement the LRS stored before the crash is accepted again without a duplicate (xAPI:
same id, same statement → no change; a 409 for it is checked against what the LRS holds).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ctps_common.tasks import enqueue_on_commit, task

from ..models import XapiStatement
from .statements import XAPI_VERSION

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
RETRY_DELAYS = [60, 300, 1800, 7200]  # seconds; the last one repeats
# A claim lasts this long (seconds); no request starts later than two timeouts before its end.
CLAIM_LEASE = 600
# The LRS refused the content of the batch: split it to find the statement it refuses.
CONTENT_REFUSED = {400, 409, 413, 422}
ERROR_LENGTH = 2000

Status = XapiStatement.Status


def unsent_count() -> int:
    return XapiStatement.objects.unsent().count()


class LrsUnavailable(Exception):
    """Unreachable, or an answer that says nothing about the statements: retry later."""


class LrsRefused(Exception):
    """The LRS refused the statements themselves (HTTP status and its message)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}".strip().rstrip(":"))
        self.status = status


def _endpoint() -> str:
    return settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"


def _timeout() -> float:
    return float(getattr(settings, "XAPI_LRS_TIMEOUT", 10))


def _request(url: str, *, data: bytes | None = None, method: str = "GET"):
    request = urllib.request.Request(  # noqa: S310 - the endpoint is the operator's setting
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
    )
    username = getattr(settings, "XAPI_LRS_USERNAME", "")
    if username:
        secret = f"{username}:{getattr(settings, 'XAPI_LRS_PASSWORD', '')}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(secret).decode())
    return urllib.request.urlopen(request, timeout=_timeout())  # noqa: S310


def _message(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read(ERROR_LENGTH).decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    try:  # LRSs answer {"message": "..."} (or {"error": ...}); keep the text itself
        parsed = json.loads(body)
        if isinstance(parsed, dict):
            body = str(parsed.get("message") or parsed.get("error") or body)
    except ValueError:
        pass
    return body or str(error.reason or "")


def _post(batch: list[dict]) -> None:
    """POST statements; raises LrsRefused (their content) or LrsUnavailable (anything else)."""
    try:
        with _request(_endpoint(), data=json.dumps(batch).encode(), method="POST") as response:
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code in CONTENT_REFUSED:
            raise LrsRefused(error.code, _message(error)) from error
        raise LrsUnavailable(f"HTTP {error.code}: {_message(error)}") from error
    except (urllib.error.URLError, OSError) as error:
        raise LrsUnavailable(str(getattr(error, "reason", error))) from error
    if status >= 300:
        raise LrsUnavailable(f"HTTP {status}")


def _comparable(statement: dict) -> dict:
    """A statement as xAPI compares two (Data §2.5): without what the LRS adds, and the
    timestamp as an instant."""
    kept = {k: v for k, v in statement.items() if k not in ("stored", "authority", "version")}
    if "timestamp" in kept:
        with contextlib.suppress(TypeError, ValueError):
            kept["timestamp"] = datetime.fromisoformat(kept["timestamp"].replace("Z", "+00:00"))
    return kept


def _held_by_lrs(statement: dict) -> bool:
    """Whether the LRS already holds this very statement (a 409 for a re-sent statement
    that the LRS stored before our record of it was written)."""
    query = urllib.parse.urlencode({"statementId": statement["id"]})
    try:
        with _request(f"{_endpoint()}?{query}") as response:
            held = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return isinstance(held, dict) and _comparable(held) == _comparable(statement)


@dataclass
class Delivery:
    """What happened to each claimed statement (ids as strings)."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # refused alone: the LRS's answer
    retry: dict[str, str] = field(default_factory=dict)  # LRS unavailable: the error
    released: list[str] = field(default_factory=list)  # not tried (out of time)
    unavailable: bool = False
    retry_reason: str = ""


def deliver(statements: list[dict], *, deadline: float) -> Delivery:
    """Send claimed statements, splitting a refused batch until each refusal is one
    statement's. No database access: this runs outside any transaction."""
    delivery = Delivery()
    pending = [statements]
    while pending:
        group = pending.pop(0)
        ids = [s["id"] for s in group]
        if delivery.unavailable:
            delivery.retry.update(dict.fromkeys(ids, delivery.retry_reason))
            continue
        if time.monotonic() > deadline:
            delivery.released.extend(ids)
            continue
        try:
            _post(group)
        except LrsRefused as refused:
            if len(group) > 1:
                half = len(group) // 2
                pending[:0] = [group[:half], group[half:]]
            elif refused.status == 409 and _held_by_lrs(group[0]):
                delivery.sent.extend(ids)
            else:
                delivery.failed[ids[0]] = str(refused)[:ERROR_LENGTH]
            continue
        except LrsUnavailable as error:
            delivery.unavailable = True
            delivery.retry_reason = str(error)[:ERROR_LENGTH]
            delivery.retry.update(dict.fromkeys(ids, delivery.retry_reason))
            continue
        delivery.sent.extend(ids)
    return delivery


def statements_claim(*, batch_size: int, now=None) -> tuple[uuid.UUID, list[XapiStatement]]:
    """Claim up to `batch_size` due statements for this worker, in a short transaction.

    FOR UPDATE SKIP LOCKED lets concurrent workers pick different rows on PostgreSQL; the
    conditional UPDATE (still pending, still due) is what makes a claim exclusive on every
    database: a row another worker claimed first is no longer due and is not taken again.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    due = XapiStatement.objects.due(now=now).values_list("pk", flat=True)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True)[:batch_size])
            if ids:
                statements_mark_claimed(ids, token=token, now=now)
    else:  # SQLite: one writer at a time; the conditional UPDATE alone decides
        ids = list(due[:batch_size])
        if ids:
            statements_mark_claimed(ids, token=token, now=now)
    rows = list(
        XapiStatement.objects.filter(claim=token)
        .order_by("stored", "id")
        .only("id", "statement", "attempts")
    )
    return token, rows


def statements_mark_claimed(ids, *, token, now) -> int:
    """The conditional UPDATE of a claim: only rows still pending and due are taken."""
    return XapiStatement.objects.filter(
        pk__in=ids, status=Status.PENDING, next_attempt_at__lte=now
    ).update(claim=token, next_attempt_at=now + timedelta(seconds=CLAIM_LEASE))


def statements_record(*, token, rows: list[XapiStatement], delivery: Delivery, now=None) -> None:
    """Write what happened to a claim, in a short transaction; only rows this claim still
    holds are written."""
    now = now or timezone.now()
    mine = XapiStatement.objects.filter(claim=token)
    attempts = {str(row.pk): row.attempts for row in rows}
    with transaction.atomic():
        if delivery.sent:
            mine.filter(pk__in=delivery.sent).update(
                status=Status.SENT, sent_at=now, claim=None, last_error="", next_attempt_at=now
            )
        for pk, message in delivery.failed.items():
            mine.filter(pk=pk).update(
                status=Status.FAILED, claim=None, last_error=message, attempts=attempts[pk] + 1
            )
        by_attempts: dict[tuple[int, str], list[str]] = {}
        for pk, message in delivery.retry.items():
            by_attempts.setdefault((attempts[pk], message), []).append(pk)
        for (done, message), pks in by_attempts.items():
            delay = RETRY_DELAYS[min(done, len(RETRY_DELAYS) - 1)]
            mine.filter(pk__in=pks).update(
                claim=None,
                attempts=done + 1,
                next_attempt_at=now + timedelta(seconds=delay),
                last_error=message,
            )
        if delivery.released:
            mine.filter(pk__in=delivery.released).update(claim=None, next_attempt_at=now)


def statements_send(*, batch_size: int = BATCH_SIZE, max_batches: int = 100) -> dict:
    """Send due statements in batches: claim, send, record, until none is due, the LRS is
    unavailable (the rest waits for its retry time) or `max_batches` were sent.

    Returns the counts: sent, failed (refused by the LRS) and retry (to be tried again).
    """
    counts = {"sent": 0, "failed": 0, "retry": 0}
    if not getattr(settings, "XAPI_LRS_ENDPOINT", ""):
        return counts
    for _ in range(max_batches):
        token, rows = statements_claim(batch_size=batch_size)
        if not rows:
            break
        deadline = time.monotonic() + CLAIM_LEASE - 2 * _timeout()
        # The row's key is the statement's id (written together); it names the outcomes.
        statements = [{**row.statement, "id": str(row.pk)} for row in rows]
        delivery = deliver(statements, deadline=deadline)
        statements_record(token=token, rows=rows, delivery=delivery)
        counts["sent"] += len(delivery.sent)
        counts["failed"] += len(delivery.failed)
        counts["retry"] += len(delivery.retry)
        for pk, message in delivery.failed.items():
            logger.warning("xAPI: the LRS refused statement %s: %s", pk, message)
        if delivery.unavailable:
            logger.warning(
                "xAPI: LRS unavailable, %s statements wait: %s",
                len(delivery.retry),
                delivery.retry_reason,
            )
            break
        if delivery.released:
            break
    return counts


@task()
def xapi_forward() -> dict:
    """Background task: send the due statements to the LRS (no-op without an endpoint)."""
    return statements_send()


def statements_retry(queryset) -> int:
    """Put failed statements back in the queue (staff retry); returns how many."""
    count = queryset.filter(status=Status.FAILED).update(
        status=Status.PENDING, next_attempt_at=timezone.now(), attempts=0, claim=None
    )
    if count:
        enqueue_on_commit(xapi_forward)
    return count

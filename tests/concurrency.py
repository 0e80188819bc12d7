"""Run the same action from several threads released at once: the concurrency tests' one
harness (tabs confirming an import, two phones syncing, workers sending statements)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(action: Callable[[], object], times: int, *, expected=(), timeout: float = 60):
    """Call `action` from `times` threads started together. Returns one outcome per thread:
    the action's result, the message of an `expected` exception, or "unexpected: …" for any
    other (so the assertions show it). Each thread closes its own database connections."""
    barrier = threading.Barrier(times)
    outcomes: list = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait(timeout=timeout)
            outcome = action()
        except expected as error:
            outcome = str(error)
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertions
            outcome = f"unexpected: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes

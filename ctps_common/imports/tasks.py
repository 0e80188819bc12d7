"""The periodic sweep of pending imports (declared on CommonConfig, run by the worker)."""

from ..tasks import task
from .base import pending_imports_sweep


@task()
def pending_imports_expire() -> str:
    """Delete uploads never confirmed past their expiry, and their cached rows."""
    return f"{pending_imports_sweep()} expired"
